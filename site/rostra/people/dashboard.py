"""The people figures of the admin home, for the people the user may see
(rostra.scoping narrows them as in the people list): new supporters, the
list's growth, and where the new supporters came from."""

from urllib.parse import urlsplit

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from rostra.dashboard.panels import Figure, RankingPanel, Row, ranked
from rostra.people import listing
from rostra.people.models import Consent, ConsentState, Person, SourceKind
from rostra.people.permissions import scoped_people

# The list: people whose latest choice in the consent ledger for the campaign's
# news by email is yes (the people list's "Consents to" filter, and the demo's
# saved segment "Abonnés à la lettre").
LIST_PURPOSE, LIST_CHANNEL = "newsletter", "email"


def people_list_url(**params):
    return reverse("wagtailsnippets_people_person:list") + "?" + urlencode(params)


def new_supporters(people, fortnight):
    return Figure(
        name="new_supporters",
        label=_("New supporters"),
        values=fortnight.per_day(people, "created_at"),
        days=fortnight.days,
        explanation=_("People added to the database, by any route."),
        url=people_list_url(created_after=fortnight.this_week_start.isoformat()),
        order=10,
    )


def on_the_list(people):
    """The people of ``people`` on the list now."""
    return people.filter(
        pk__in=ConsentState.objects.filter(
            purpose=LIST_PURPOSE, channel=LIST_CHANNEL, granted=True
        ).values("person_id"),
    )


def list_growth(people, fortnight):
    """People who joined the list less those who left it, per day, from the
    ledger's rows (a person who joins and leaves the same week counts for
    nothing); the list's size today beside it."""
    ledger = Consent.objects.filter(
        purpose=LIST_PURPOSE, channel=LIST_CHANNEL, person__in=people.values("pk")
    )
    changes = list(
        ledger.filter(recorded_at__gte=fortnight.start)
        .order_by("recorded_at", "pk")
        .values_list("person_id", "granted", "recorded_at")
    )
    touched = {person_id for person_id, _granted, _when in changes}
    latest_before = (
        Consent.objects.filter(
            person=OuterRef("pk"),
            purpose=LIST_PURPOSE,
            channel=LIST_CHANNEL,
            recorded_at__lt=fortnight.start,
        )
        .order_by("-recorded_at", "-pk")
        .values("granted")[:1]
    )
    state = dict(
        Person.objects.filter(pk__in=touched)
        .annotate(was=Subquery(latest_before))
        .values_list("pk", "was")
    )
    values = [0] * len(fortnight.days)
    for person_id, granted, when in changes:
        day = fortnight.index_of(when)
        if bool(state.get(person_id)) != granted and day is not None:
            values[day] += 1 if granted else -1
        state[person_id] = granted
    return Figure(
        name="list",
        label=_("The list"),
        values=values,
        days=fortnight.days,
        net=True,
        total=on_the_list(people).count(),
        total_label=_("On the list today:"),
        explanation=_(
            "People who agreed to receive the campaign's news by email, less those who withdrew."
        ),
        url=people_list_url(consent=f"{LIST_PURPOSE}:{LIST_CHANNEL}"),
        order=20,
    )


def source_label(kind, detail):
    if kind == SourceKind.PAGE and detail:
        return urlsplit(detail).path or detail
    return detail or str(SourceKind(kind).label if kind in SourceKind.values else kind)


def sources(people, fortnight):
    """The new supporters of each source (kind and code), this week and last."""
    rows = (
        people.filter(created_at__gte=fortnight.start)
        .values_list("source_kind", "source_detail", "created_at")
        .order_by()
    )
    counts = fortnight.per_week(((kind, detail), created) for kind, detail, created in rows)
    return RankingPanel(
        "rostra-sources",
        _("Where new supporters come from"),
        [
            Row(
                label=source_label(kind, detail),
                detail=str(SourceKind(kind).label) if kind in SourceKind.values else "",
                this_week=counts[(kind, detail)][0],
                last_week=counts[(kind, detail)][1],
                url=people_list_url(source=kind, created_after=fortnight.days[0].isoformat()),
            )
            for kind, detail in ranked(counts)
        ],
        item_label=_("Source"),
        order=30,
    )


def scoped(user):
    # As the people list shows them: neither merged away nor erased.
    return scoped_people(user, listing.base_queryset()).filter(erased_at__isnull=True)


def panels_for(user, fortnight):
    """(figures, panels) the people admin adds to the home for this user."""
    if not user.has_perm("people.view_person"):
        return [], []
    people = scoped(user)
    return [new_supporters(people, fortnight), list_growth(people, fortnight)], [
        sources(people, fortnight)
    ]
