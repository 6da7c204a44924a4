"""Walk lists from a strategy's top stations, the phone's synchronisation of
door outcomes, and the progress fed back into the ranking."""

import re
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rostra.people import api
from rostra.people.models import Consent, SourceKind

from rostra_targeting.models import DoorVisit, ElectoralList, RegisterAddress, Voter, WalkList
from rostra_targeting.models.canvassing import commune_of

CONSENT_PURPOSE = "canvassing_news"
# What the canvasser reads out and the person agrees to, recorded word for word.
CONSENT_WORDING = gettext_noop(
    "I agree to receive news of the campaign by email. I can unsubscribe at any time "
    "with the link in every email."
)
# The outcomes after which someone may give an email and consent on the spot.
SIGN_UP_OUTCOMES = {
    DoorVisit.Outcome.FAVOURABLE,
    DoorVisit.Outcome.VOLUNTEER,
    DoorVisit.Outcome.NEWS,
}
CONTACTS = {outcome for outcome in DoorVisit.Outcome.values if outcome != DoorVisit.Outcome.NOT_IN}


def _number_key(number):
    digits = re.match(r"\d+", number or "")
    return (int(digits.group()) if digits else 0, number)


@dataclass
class Side:
    label: str
    addresses: list = field(default_factory=list)  # [(number, voters)]


@dataclass
class Street:
    name: str
    sides: list = field(default_factory=list)


def _counts(walk_list):
    """(street, number, voters) of a walk list's station: from its electoral
    list, or from INSEE's register of addresses when it was made without one."""
    if walk_list.electoral_list_id is None:
        return RegisterAddress.objects.filter(station_code=walk_list.station_code).values_list(
            "street", "house_number", "voters"
        )
    return (
        Voter.objects.filter(
            electoral_list=walk_list.electoral_list_id, station_code=walk_list.station_code
        )
        .values_list("street", "house_number")
        .annotate(voters=Count("pk"))
    )


def addresses(walk_list):
    """The station's streets, each with its even and odd sides apart, each
    address with its number of voters."""
    by_street = defaultdict(Counter)
    for street, number, voters in _counts(walk_list):
        by_street[street][number] += voters
    streets = []
    for name in sorted(by_street):
        even, odd, other = Side(_("Even numbers")), Side(_("Odd numbers")), Side(_("No number"))
        for number, voters in sorted(
            by_street[name].items(), key=lambda item: _number_key(item[0])
        ):
            value = _number_key(number)[0]
            side = other if not value else (even if value % 2 == 0 else odd)
            side.addresses.append((number, voters))
        streets.append(Street(name, [side for side in (even, odd, other) if side.addresses]))
    return streets


def make_walk_lists(strategy, rows, electoral_lists, user, top, register=None):
    """Walk lists of the ``top`` best-ranked stations that have voters in one
    of ``electoral_lists`` (already narrowed to the user) or, failing that,
    addresses in ``register`` (INSEE's register, narrowed to the user too)."""
    lists = dict(
        Voter.objects.filter(electoral_list__in=electoral_lists)
        .values_list("station_code", "electoral_list_id")
        .distinct()
    )
    codes = [row.code for row in rows]
    in_register = set()
    if register is not None:
        in_register = set(
            register.filter(station_code__in=[c for c in codes if c not in lists])
            .values_list("station_code", flat=True)
            .distinct()
        )
    made = []
    for row in rows:
        if row.code in lists or row.code in in_register:
            made.append(
                WalkList(
                    electoral_list_id=lists.get(row.code),
                    strategy=strategy,
                    station_code=row.code,
                    commune_code=commune_of(row.code),
                    rank=row.rank,
                    created_by=user,
                )
            )
        if len(made) == top:
            break
    return WalkList.objects.bulk_create(made)


class SyncError(ValueError):
    pass


def _visit(entry, walk_lists, user):
    try:
        client_id = uuid.UUID(str(entry["id"]))
        walk_list = walk_lists[int(entry["walk_list"])]
        outcome = entry["outcome"]
        visited_at = parse_datetime(str(entry["at"]))
    except (KeyError, ValueError, TypeError) as error:
        raise SyncError(_("a door record is malformed")) from error
    if outcome not in DoorVisit.Outcome.values or visited_at is None:
        raise SyncError(_("a door record is malformed"))
    return DoorVisit(
        client_id=client_id,
        walk_list=walk_list,
        station_code=walk_list.station_code,
        street=str(entry.get("street", ""))[:200],
        house_number=str(entry.get("number", ""))[:12],
        outcome=outcome,
        canvasser=user,
        visited_at=visited_at,
    )


def sync(entries, user, *, walk_lists=None, site=None):
    """Store the phone's queued door records; a record already stored (the
    same id) is left as it is. Returns how many were new."""
    if walk_lists is None:
        walk_lists = {w.pk: w for w in WalkList.objects.all()}
    visits = [_visit(entry, walk_lists, user) for entry in entries]
    signups = {str(entry["id"]): entry for entry in entries if _signs_up(entry)}
    with transaction.atomic():
        known = set(
            DoorVisit.objects.filter(client_id__in=[v.client_id for v in visits]).values_list(
                "client_id", flat=True
            )
        )
        new = [visit for visit in visits if visit.client_id not in known]
        new = list({visit.client_id: visit for visit in new}.values())  # twice in one batch
        DoorVisit.objects.bulk_create(new, ignore_conflicts=True)
        for visit in new:
            entry = signups.get(str(visit.client_id))
            if entry:
                _sign_up(entry, user, site, visit)
    return len(new)


def _signs_up(entry):
    """An email and consent given on the spot, after a door where someone was
    favourable, wants to volunteer or wants news; anything else stores nothing
    personal (the door record never holds an email)."""
    if entry.get("outcome") not in SIGN_UP_OUTCOMES or entry.get("consent") is not True:
        return False
    try:
        validate_email(str(entry.get("email") or ""))
    except ValidationError:
        return False
    return True


def _sign_up(entry, user, site, visit):
    """Someone at the door gave their email and consent: they join through the
    people API with the wording they agreed to. The door record keeps no link."""
    person, _created = api.find_or_create(
        email=entry["email"],
        site=site,
        source=api.Source(SourceKind.ADMIN, _("door-to-door canvassing")),
    )
    api.record_consent(
        person,
        purpose=CONSENT_PURPOSE,
        granted=True,
        wording=_(CONSENT_WORDING),  # as the page showed it, in the canvasser's language
        where=Consent.Where.ADMIN,
        where_detail=_("door-to-door canvassing, polling station %(station)s")
        % {"station": visit.station_code},
        site=site,
        user=user,
    )


@dataclass
class Progress:
    addresses: int = 0
    knocked: int = 0
    contacts: int = 0

    @property
    def to_do(self):
        return max(0, self.addresses - self.knocked)

    @property
    def contact_rate(self):
        return self.contacts / self.knocked if self.knocked else 0.0


def progress_by_station(station_codes=None):
    """station code → Progress: addresses on its walk lists' electoral list
    (or in the register, for walk lists made from it), addresses knocked at
    least once, addresses where someone answered."""
    voters = Voter.objects.filter(electoral_list__walk_lists__isnull=False)
    from_register = WalkList.objects.filter(electoral_list__isnull=True).values("station_code")
    register = RegisterAddress.objects.filter(station_code__in=from_register)
    visits = DoorVisit.objects.all()
    if station_codes is not None:
        voters = voters.filter(station_code__in=station_codes)
        register = register.filter(station_code__in=station_codes)
        visits = visits.filter(station_code__in=station_codes)
    found = defaultdict(Progress)
    places = set(voters.values_list("station_code", "street", "house_number").distinct())
    places |= set(register.values_list("station_code", "street", "house_number").distinct())
    for code, _street, _number in places:
        found[code].addresses += 1
    knocked = defaultdict(set)
    contacted = defaultdict(set)
    for visit in visits.values_list("station_code", "street", "house_number", "outcome"):
        knocked[visit[0]].add(visit[1:3])
        if visit[3] in CONTACTS:
            contacted[visit[0]].add(visit[1:3])
    for code, places in knocked.items():
        found[code].knocked = len(places)
        found[code].contacts = len(contacted[code])
    return dict(found)


def progress_by_canvasser(station_codes=None):
    """canvasser's username → (doors knocked, contacts)."""
    visits = DoorVisit.objects.all()
    if station_codes is not None:
        visits = visits.filter(station_code__in=station_codes)
    return {
        username or "—": (total, contacts)
        for username, total, contacts in visits.values_list("canvasser__username")
        .annotate(total=Count("pk"), contacts=Count("pk", filter=~Q(outcome="not_in")))
        .values_list("canvasser__username", "total", "contacts")
    }


def totals(visits=None):
    """Outcome → doors (a test's view of what the sync stored)."""
    visits = DoorVisit.objects.all() if visits is None else visits
    return Counter(visits.values_list("outcome", flat=True))


def lists_for(user):
    """The electoral lists the user may use: none without the permission."""
    from rostra_targeting.scope import in_territory

    if not user.has_perm("targeting.use_electoral_list"):
        return ElectoralList.objects.none()
    return in_territory(user, ElectoralList.objects.all())


def register_for(user):
    """INSEE's register of addresses in the user's territory."""
    from rostra_targeting.scope import in_territory

    return in_territory(user, RegisterAddress.objects.all())
