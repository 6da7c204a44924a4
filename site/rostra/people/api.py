"""The people service: the one way plugins read and write the supporter database.

    person, created = api.find_or_create(email=..., site=site, first_name=..., source=...)
    api.record_consent(person, purpose="newsletter", channel="email", granted=True,
                       wording="...", where=Consent.Where.PAGE, request=request)
    api.can_contact(person, "petition_updates", "email")
    api.add_to_timeline(person, kind=TimelineEntry.Kind.SIGNATURE, summary="...", site=site)
    api.erase(person)

Merge rules for find_or_create: a person is found by canonical email (their
main address or any other known address). Blank fields are filled from what the
visitor just typed; a non-blank stored value is never blanked; a changed name or
address is updated (the visitor knows best) and the change goes on the timeline.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from rostra import signals
from rostra.people.canonical import canonical_email
from rostra.people.models import Consent, Person, PersonEmail, SourceKind, TimelineEntry

__all__ = [
    "Source",
    "find",
    "find_or_create",
    "record_consent",
    "current_consents",
    "can_contact",
    "add_to_timeline",
    "erase",
    "hash_ip",
]

UPDATABLE_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "mobile_phone",
    "address_line1",
    "address_line2",
    "postcode",
    "commune",
    "country",
    "language",
)


@dataclass(frozen=True)
class Source:
    """Where a person came from: kind (SourceKind), detail (URL, refcode, file)."""

    kind: str = SourceKind.PAGE
    detail: str = ""


@dataclass
class Erasure:
    person_id: int
    done: list = field(default_factory=list)


def find(email):
    """The person this address belongs to (any alias of it), or None."""
    key = canonical_email(email)
    if not key:
        return None
    return (
        Person.objects.filter(Q(email_canonical=key) | Q(other_emails__email_canonical=key))
        .distinct()
        .first()
    )


def find_or_create(*, email, site=None, source=Source(), tags=(), **details):
    """Find a person by canonical email and merge in ``details``, or create them.

    ``details`` are Person fields (first_name, last_name, phone, postcode, …).
    Returns (person, created). Safe under concurrency: two requests for one new
    address create one person.
    """
    key = canonical_email(email)
    if not key:
        raise ValueError("find_or_create needs a valid email address")
    unknown = set(details) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {', '.join(sorted(unknown))}")
    details = {name: value for name, value in details.items() if value not in (None, "")}

    person = find(email)
    if person is None:
        try:
            with transaction.atomic():
                person = Person.objects.create(
                    email=email.strip(),
                    email_canonical=key,
                    source_kind=source.kind,
                    source_detail=source.detail[:255],
                    source_site=site,
                    **details,
                )
        except IntegrityError:
            # Another request created them between our lookup and insert.
            person = find(email)
            if person is None:
                raise
        else:
            if tags:
                person.tags.add(*tags)
            add_to_timeline(
                person,
                kind=TimelineEntry.Kind.SIGNUP,
                summary=f"Created from {source.kind}: {source.detail}".strip(": "),
                site=site,
                data={"source": source.kind, "detail": source.detail},
            )
            signals.person_created.send(sender=Person, person=person, site=site)
            return person, True

    changed = [name for name, value in details.items() if getattr(person, name) != value]
    if changed:
        before = {name: getattr(person, name) for name in changed}
        for name in changed:
            setattr(person, name, details[name])
        person.save(update_fields=[*changed, "updated_at"])
        add_to_timeline(
            person,
            kind=TimelineEntry.Kind.UPDATE,
            summary="Details updated: " + ", ".join(changed),
            site=site,
            data={"before": before, "source": source.kind, "detail": source.detail},
        )
        signals.person_updated.send(sender=Person, person=person, site=site, fields=changed)
    if tags:
        person.tags.add(*tags)
    return person, False


def add_email(person, email):
    """Attach another address to a person (it will find them too)."""
    key = canonical_email(email)
    if not key or key == person.email_canonical:
        return
    PersonEmail.objects.get_or_create(
        email_canonical=key, defaults={"person": person, "email": email.strip()}
    )


def hash_ip(ip_address):
    """IP addresses are kept only as a keyed hash: enough to match abuse, not to locate."""
    if not ip_address:
        return ""
    digest = hashlib.blake2b(
        ip_address.encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=16
    )
    return digest.hexdigest()


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
):
    """Add a row to the consent ledger (never edits one) and note it on the timeline."""
    ip_hash = user_agent = ""
    if request is not None:
        ip_hash = hash_ip(request.META.get("REMOTE_ADDR", ""))
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:255]
        if user is None and getattr(request, "user", None) and request.user.is_authenticated:
            user = request.user
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        channel=channel,
        granted=granted,
        wording=wording,
        wording_version=wording_version,
        where=where,
        where_detail=where_detail[:255],
        site=site,
        ip_hash=ip_hash,
        user_agent=user_agent,
        recorded_by=user,
        recorded_at=when or timezone.now(),
    )
    add_to_timeline(
        person,
        kind=TimelineEntry.Kind.CONSENT,
        summary=str(consent),
        site=site,
        data={"purpose": purpose, "channel": channel, "granted": granted},
        actor=user,
        when=consent.recorded_at,
    )
    signals.consent_changed.send(sender=Person, person=person, site=site, consent=consent)
    return consent


def current_consents(person):
    """{(purpose, channel): latest Consent row} for a person."""
    latest = {}
    for consent in person.consents.order_by("recorded_at", "pk"):
        latest[(consent.purpose, consent.channel)] = consent
    return latest


def can_contact(person, purpose, channel="email"):
    """May we contact this person for this purpose on this channel? One call."""
    if person is None or person.erased_at or person.do_not_contact:
        return False
    blocked = {"email": person.do_not_email, "phone": person.do_not_call, "sms": person.do_not_text}
    if blocked.get(channel):
        return False
    latest = (
        Consent.objects.filter(person=person, purpose=purpose, channel=channel)
        .order_by("-recorded_at", "-pk")
        .values_list("granted", flat=True)
        .first()
    )
    return bool(latest)


def add_to_timeline(person, *, kind, summary, site=None, data=None, actor=None, when=None):
    return TimelineEntry.objects.create(
        person=person,
        kind=kind,
        summary=summary[:500],
        site=site,
        data=data or {},
        actor=actor,
        occurred_at=when or timezone.now(),
    )


@transaction.atomic
def erase(person, *, actor=None):
    """Anonymise a person everywhere.

    Every plugin answers ``person_erased`` (anonymising its rows, keeping what the
    law requires under its own legal-obligation flag). Returns the list of what
    each receiver reported.
    """
    report = Erasure(person_id=person.pk)
    for _receiver, answer in signals.person_erased.send(sender=Person, person=person, actor=actor):
        if answer:
            report.done.append(answer)
    for name in UPDATABLE_FIELDS:
        if name not in ("country", "language"):
            setattr(person, name, "")
    person.email = ""
    person.email_canonical = ""
    person.source_detail = ""
    person.do_not_contact = True
    person.erased_at = timezone.now()
    person.save()
    person.tags.clear()
    person.other_emails.all().delete()
    for consent in person.consents.all():
        consent.wording = ""
        consent.ip_hash = ""
        consent.user_agent = ""
        consent.where_detail = ""
        consent.save(_erasure=True)
    person.timeline.all().delete()
    add_to_timeline(person, kind=TimelineEntry.Kind.ERASURE, summary="Erased", actor=actor)
    report.done.append("people: profile, emails, tags and timeline anonymised")
    return report
