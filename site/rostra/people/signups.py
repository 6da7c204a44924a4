"""Many signups at once (a batch of petition confirmation emails): for each
address, what ``api.find`` and ``api.find_or_create`` give, in a few statements
for the whole batch instead of five or six per person.

Existing people are returned unchanged (the callers' addresses are not proven
yet). New ones are created with their signup timeline entry and
``person_created``, like ``find_or_create``; if another request created one of
them meanwhile, the batch falls back to ``find_or_create`` one by one.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from rostra import signals
from rostra.people import api
from rostra.people.canonical import canonical_email
from rostra.people.models import Person, PersonEmail, TimelineEntry
from rostra.people.timeline import SIGNED_UP


def find_many(emails):
    """{canonical email: person} for the addresses (or aliases) people have; their
    source site is loaded (an email footer says where their data came from)."""
    keys = {key for key in map(canonical_email, emails) if key}
    found = Person.objects.filter(email_canonical__in=keys).select_related("source_site")
    people = {person.email_canonical: person for person in found}
    aliases = PersonEmail.objects.filter(email_canonical__in=keys - set(people))
    for other in aliases.select_related("person__source_site"):
        people[other.email_canonical] = other.person
    return people


def find_or_create_many(entries, *, source, site=None):
    """{canonical email: person} for ``entries``, dicts of ``email`` and Person
    details (first_name, last_name, postcode, …), found or created."""
    people = find_many(entry["email"] for entry in entries)
    new = {}
    for entry in entries:
        key = canonical_email(entry["email"])
        if key and key not in people and key not in new:
            new[key] = entry
    if not new:
        return people
    try:
        with transaction.atomic():
            created = _create(new, site, source)
    except IntegrityError:  # created elsewhere meanwhile: the careful way, one by one
        for key, entry in new.items():
            details = {name: value for name, value in entry.items() if name != "email"}
            people[key] = api.find_or_create(
                email=entry["email"], site=site, source=source, **details
            )[0]
        return people
    for person in created:
        signals.person_created.send(sender=Person, person=person, site=site)
    people.update((person.email_canonical, person) for person in created)
    return people


def _create(new, site, source):
    now = timezone.now()
    people = []
    for key, entry in new.items():
        details = {name: value for name, value in entry.items() if name != "email"}
        # An unreadable phone is dropped here; signup forms check theirs.
        details = api.clean_details(details, unreadable=[])
        person = Person(
            email=entry["email"].strip(),
            email_canonical=key,
            source_kind=source.kind,
            source_detail=source.detail[:255],
            source_site=site,
            created_at=now,
            **details,
        )
        person.derive_territory()  # what Person.save does
        people.append(person)
    Person.objects.bulk_create(people)  # PostgreSQL and SQLite return the ids
    params = {"source": source.detail or source.kind}
    summary = TimelineEntry(message=SIGNED_UP, params=params).english_text
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            person=person,
            kind=TimelineEntry.Kind.SIGNUP,
            summary=str(summary)[:500],
            message=SIGNED_UP,
            params=params,
            site=site,
            data={"source": source.kind, "detail": source.detail},
            occurred_at=now,
        )
        for person in people
    )
    return people
