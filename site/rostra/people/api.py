"""The people service: the one way plugins read and write the supporter database.

    person, created = api.find_or_create(email=..., site=site, first_name=..., source=...)
    api.record_consent(person, purpose="newsletter", channel="email", granted=True,
                       wording="...", where=Consent.Where.PAGE, request=request)
    api.can_contact(person, "newsletter", "sms")
    api.add_to_timeline(person, kind=TimelineEntry.Kind.SIGNATURE,
                        message=gettext_noop("Signed “%(title)s”"), params={"title": ...})
    api.erase(person)            # GDPR erasure, every plugin answers person_erased
    api.merge(kept, duplicate)   # both histories kept
    api.export_data(person)      # everything held, plugins answer person_data_requested
    api.in_territory(queryset, departements=[...], constituencies=[...])

Merge rules for find_or_create: a person is found by canonical email (their
main address or any other known address). What a visitor types proves nothing
(anyone can type anyone's address), so it changes a stored person only with a
``proof`` that the details come from the address's owner: they confirmed the
address (Proof.EMAIL_CONFIRMED), a payment of theirs succeeded (Proof.PAYMENT),
or the organisation's staff entered them (Proof.STAFF). Without one, an unknown
address makes a new person and a known one is returned unchanged (not even a
blank filled: a postcode filled in would move them into a territory): the
caller keeps what was typed on its own row (signature, gift) and calls again
with the proof. With a proof, blank fields are filled, a non-blank stored value
is never blanked, a changed name, phone or address is updated, and the change,
with the previous values and the proof, goes on the timeline. Phones are
stored in E.164.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from rostra import signals
from rostra.people import (
    erasure,
    export,
    ledger,
    merging,
    phones,
    purposes,
    rows,
    territories,
)
from rostra.people.canonical import canonical_email
from rostra.people.field_roles import FieldRole
from rostra.people.ledger import (
    consent_evidence,
    current_consents,
    hash_ip,
)
from rostra.people.models import (
    Consent,
    ConsentState,
    Person,
    PersonEmail,
    SourceKind,
    TimelineEntry,
)
from rostra.people.timeline import (
    CONSENT_GRANTED,
    CONSENT_WITHDRAWN,
    DETAILS_UPDATED,
    PHONE_NOT_UNDERSTOOD,
    add_to_timeline,
)

__all__ = [
    "Proof",
    "Source",
    "find",
    "find_or_create",
    "confirm_details",
    "add_email",
    "record_consent",
    "record_consents",
    "current_consents",
    "can_contact",
    "add_to_timeline",
    "erase",
    "merge",
    "export_data",
    "in_territory",
    "hash_ip",
]

UPDATABLE_FIELDS = Person.fields_that(FieldRole.GIVEN)


class Proof:
    """What shows that details given for an address come from its owner."""

    EMAIL_CONFIRMED = "email_confirmed"  # they followed a link sent to the address
    PAYMENT = "payment"  # a payment they made with these details succeeded
    STAFF = "staff"  # the organisation's staff entered them (admin, paper, import)
    ALL = (EMAIL_CONFIRMED, PAYMENT, STAFF)


@dataclass(frozen=True)
class Source:
    """Where a person came from: kind (SourceKind), detail (URL, refcode, file)."""

    kind: str = SourceKind.PAGE
    detail: str = ""


def find(email):
    """The person this address belongs to (any alias of it), or None."""
    key = canonical_email(email)
    if not key:
        return None
    # One round trip (rostra.people.rows: the ORM compiled this union of the
    # main and the other addresses on every call, a fifth of a signup's CPU).
    return rows.find(key)


def clean_details(details, *, unreadable=None):
    """Normalise what a form or a file says about a person: blanks dropped,
    phones in E.164, postcode and country in their stored shapes. An impossible
    phone raises phones.InvalidPhone, or, given an ``unreadable`` list, is left
    out and added to it."""
    unknown = set(details) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {', '.join(sorted(unknown))}")
    details = {
        name: value.strip() if isinstance(value, str) else value for name, value in details.items()
    }
    details = {name: value for name, value in details.items() if value not in (None, "")}
    country = (details.get("country") or "FR").upper()
    if "country" in details:
        details["country"] = country
    for name in ("phone", "mobile_phone"):
        if name in details:
            try:
                details[name] = phones.normalise(
                    details[name], country, str(details.get("postcode", ""))
                )
            except phones.InvalidPhone:
                if unreadable is None:
                    raise
                unreadable.append(details.pop(name))
    if "postcode" in details:
        details["postcode"] = territories.normalise_postcode(details["postcode"], country)
    return details


def find_or_create(
    *, email, site=None, source=Source(), tags=(), proof=None, known=None, **details
):
    """Find a person by canonical email, or create them with ``details``.

    ``details`` are Person fields (first_name, last_name, phone, postcode, …).
    They (and ``tags``) reach a person already known only with a ``proof``
    (Proof.*, see the module's docstring); without one the person is returned
    unchanged. ``known``: the person a caller already found for this address (a
    batch looks many up at once, ``signups.find_many``), used instead of looking
    again. Returns (person, created). Safe under concurrency: two requests for
    one new address create one person.
    """
    key = canonical_email(email)
    if not key:
        raise ValueError("find_or_create needs a valid email address")
    if proof is not None and proof not in Proof.ALL:
        raise ValueError(f"unknown proof {proof!r}: one of {', '.join(Proof.ALL)}")
    unreadable = []
    details = clean_details(details, unreadable=unreadable)
    person, created = _find_or_create(key, email, site, source, tags, details, proof, known)
    if unreadable and (created or proof):
        # A visitor's typo must not lose the signature: the number stays on the timeline.
        add_to_timeline(
            person,
            kind=TimelineEntry.Kind.NOTE,
            message=PHONE_NOT_UNDERSTOOD,
            params={"number": ", ".join(unreadable)},
            site=site,
        )
    return person, created


def _find_or_create(key, email, site, source, tags, details, proof, known=None):
    person = known if known is not None else find(email)
    if person is None:
        person = rows.insert(
            Person(
                email=email.strip(),
                email_canonical=key,
                source_kind=source.kind,
                source_detail=source.detail[:255],
                source_site=site,
                **details,
            )
        )
        if person is None:
            # Another request created them between our lookup and insert.
            person = find(email)
            if person is None:
                raise IntegrityError(f"no person inserted nor found for {key!r}")
        else:
            rows.note_new_person(person, tags, site, source)
            signals.person_created.send(sender=Person, person=person, site=site)
            return person, True

    if proof is None:
        return person, False  # unproven: the caller keeps what was typed
    update_person(person, details, site=site, source=source, proof=proof)
    if tags:
        person.tags.add(*tags)
    return person, False


def confirm_details(person, *, proof, site=None, source=Source(), **details):
    """What was typed along with an action now proven (the gift's payment
    succeeded, the signature's address was confirmed) reaches the person: the
    details are merged as find_or_create merges them with a proof. A person
    merged into another is updated through the record kept; an erased one is
    not filled again. Returns the names of the fields changed."""
    if proof not in Proof.ALL:
        raise ValueError(f"unknown proof {proof!r}: one of {', '.join(Proof.ALL)}")
    # Read afresh: the caller's copy may predate a merge or an erasure.
    person = Person.objects.filter(pk=getattr(person, "pk", None)).first()
    while person is not None and person.merged_into_id:
        person = Person.objects.filter(pk=person.merged_into_id).first()
    if person is None or person.erased_at:
        return []
    return update_person(
        person, clean_details(details, unreadable=[]), site=site, source=source, proof=proof
    )


def update_person(person, details, *, site=None, source=Source(), actor=None, proof=Proof.STAFF):
    """Apply cleaned ``details`` (see clean_details); note the change, the
    previous values and the proof on the timeline. For details whose origin is
    proven (``proof``); the staff's own tools (imports, the admin) by default."""
    changed = [name for name, value in details.items() if getattr(person, name) != value]
    if not changed:
        return []
    before = {name: getattr(person, name) for name in changed}
    for name in changed:
        setattr(person, name, details[name])
    person.save(update_fields=[*changed, "updated_at"])
    add_to_timeline(
        person,
        kind=TimelineEntry.Kind.UPDATE,
        message=DETAILS_UPDATED,
        params={"fields": ", ".join(changed)},
        site=site,
        actor=actor,
        data={"before": before, "source": source.kind, "detail": source.detail, "proof": proof},
    )
    signals.person_updated.send(sender=Person, person=person, site=site, fields=changed)
    return changed


def add_email(person, email):
    """Attach another address to a person (it will find them too)."""
    key = canonical_email(email)
    if not key or key == person.email_canonical:
        return
    PersonEmail.objects.get_or_create(
        email_canonical=key, defaults={"person": person, "email": email.strip()}
    )


def record_consent(
    person,
    *,
    purpose,
    granted,
    wording="",
    channel="email",
    where=Consent.Where.PAGE,
    where_detail="",
    wording_version="",
    site=None,
    request=None,
    user=None,
    when=None,
    ip_hash="",
    user_agent="",
):
    """Add a row to the consent ledger (never edits one) and note it on the timeline.

    Consent is given only for a declared purpose (rostra.people.purposes): a
    typo must not record a consent nothing will ever read. Withdrawing works
    for any purpose. The evidence comes from ``request``, or, for a choice
    recorded after the request that made it, from ``ip_hash`` (see hash_ip)
    and ``user_agent``. Several choices of one person at once: ``record_consents``."""
    if granted and not purposes.is_declared(purpose):
        raise ValueError(
            f"no installed plugin declares the consent purpose {purpose!r}: "
            "declare it in the plugin's consent_purposes"
        )
    if request is not None:
        ip_hash, user_agent, user = consent_evidence(request, user)
    with transaction.atomic():
        consent = Consent.objects.create(
            person=person,
            purpose=purpose,
            channel=channel,
            granted=granted,
            wording=str(wording),
            wording_version=wording_version,
            where=where,
            where_detail=where_detail[:255],
            site=site,
            ip_hash=ip_hash,
            user_agent=user_agent,
            recorded_by=user,
            recorded_at=when or timezone.now(),
        )
        _update_state(consent)
        add_to_timeline(
            person,
            kind=TimelineEntry.Kind.CONSENT,
            message=CONSENT_GRANTED if granted else CONSENT_WITHDRAWN,
            params={"purpose": purpose, "channel": channel},
            site=site,
            data={"purpose": purpose, "channel": channel, "granted": granted},
            actor=user,
            when=consent.recorded_at,
        )
    signals.consent_changed.send(sender=Person, person=person, site=site, consent=consent)
    return consent


def record_consents(person, choices, **where):
    """Several choices (``ledger.Choice``) of one person in a few statements:
    see rostra.people.ledger."""
    return ledger.record_consents(person, choices, **where)


def _update_state(consent):
    """Keep ConsentState on the latest ledger row (rows may arrive back-dated)."""
    state = (
        ConsentState.objects.select_for_update()
        .filter(person_id=consent.person_id, purpose=consent.purpose, channel=consent.channel)
        .first()
    )
    if state is None:
        try:
            with transaction.atomic():
                ConsentState.objects.create(
                    person_id=consent.person_id,
                    purpose=consent.purpose,
                    channel=consent.channel,
                    granted=consent.granted,
                    consent=consent,
                    recorded_at=consent.recorded_at,
                )
            return
        except IntegrityError:
            return _update_state(consent)
    if (consent.recorded_at, consent.pk) >= (state.recorded_at, state.consent_id):
        state.granted, state.consent, state.recorded_at = (
            consent.granted,
            consent,
            consent.recorded_at,
        )
        state.save(update_fields=["granted", "consent", "recorded_at"])


def can_contact(person, purpose, channel="email"):
    """May we contact this person for this purpose on this channel? One call."""
    if person is None or person.erased_at or person.merged_into_id or person.do_not_contact:
        return False
    blocked = {"email": person.do_not_email, "phone": person.do_not_call, "sms": person.do_not_text}
    if blocked.get(channel):
        return False
    return ConsentState.objects.filter(
        person=person, purpose=purpose, channel=channel, granted=True
    ).exists()


def contactable(purpose, channel="email", queryset=None):
    """The people we may contact for a purpose on a channel (for sending lists)."""
    queryset = Person.objects.all() if queryset is None else queryset
    blocked = {"email": "do_not_email", "phone": "do_not_call", "sms": "do_not_text"}.get(channel)
    queryset = queryset.filter(
        erased_at__isnull=True,
        merged_into__isnull=True,
        do_not_contact=False,
        consent_states__purpose=purpose,
        consent_states__channel=channel,
        consent_states__granted=True,
    )
    return queryset.filter(**{blocked: False}) if blocked else queryset


def in_territory(queryset, *, regions=(), departements=(), communes=(), constituencies=()):
    """Limit a queryset of people (or of rows with a ``person`` foreign key, via
    ``person__`` lookups) to a territory: the union of the areas named. The hook
    candidate sites use to see only their own supporters. No area: nothing."""
    prefix = "" if queryset.model is Person else "person__"
    condition = Q()
    for lookup, values in (
        ("region_code__in", regions),
        ("departement_code__in", departements),
        ("commune_code__in", communes),
        ("district_code__in", communes),
        ("constituency__in", constituencies),
    ):
        if values:
            condition |= Q(**{prefix + lookup: list(values)})
    if not condition:
        return queryset.none()
    return queryset.filter(condition)


def erase(person, *, actor=None):
    """Anonymise a person everywhere (rostra.people.erasure)."""
    return erasure.erase(person, actor=actor)


def merge(kept, duplicate, *, actor=None):
    """Merge ``duplicate`` into ``kept`` (rostra.people.merging)."""
    return merging.merge(kept, duplicate, actor=actor)


def export_data(person, *, actor=None, how="admin"):
    """Everything held about a person, as a JSON-ready dict (rostra.people.export)."""
    return export.collect(person, actor=actor, how=how)
