"""People the file names who are already known: the changes of a whole chunk
in a few bulk statements, with the rules and traces of the per-row path
(api.update_person, api.record_consent):

- a detail is written when the file has a different, non-blank value (a blank
  cell never erases), and the territory follows the address;
- do-not-contact flags are only ever set, never cleared;
- other addresses are added when nobody has them, tags are added;
- an opt-in is recorded only for a purpose and channel the person has no
  choice for yet (an old export must not undo a later unsubscription);
- each change is on the timeline, and plugins hear of it (person_updated,
  consent_changed) once the chunk is written.

The caller holds the chunk's transaction; the people are locked while read.
"""

from django.db import connection
from django.utils import timezone

from rostra import signals
from rostra.people.importing import writing
from rostra.people.importing.report import Outcome
from rostra.people.models import (
    TERRITORY_FIELDS,
    Consent,
    ConsentState,
    Person,
    PersonEmail,
    SourceKind,
    TaggedPerson,
    TimelineEntry,
)
from rostra.people.timeline import CONSENT_GRANTED, DETAILS_UPDATED

BATCH = 1000


def update_people(rows, options, known, taken):
    """Apply the rows (each names someone in ``known``); their outcomes."""
    now = timezone.now()
    label = options.source_label
    existing = writing.Existing([known[row.key] for row in rows], lock=True)
    tag_ids = writing.tag_ids({name for row in rows for name in row.tags} | set(options.tags))
    people, fields, timeline, emails, tagged, consents = [], set(), [], [], [], []
    updated, outcomes = [], []
    for row in rows:
        person_id = known[row.key]
        person = existing.people[person_id]
        have_tags = existing.tags.get(person_id, set())
        changes = writing.changes(person, row, have_tags)
        details = [name for name in changes if name in row.details]
        flags = [name for name in row.flags if not getattr(person, name)]
        before = {name: getattr(person, name) for name in details}
        for name in details:
            setattr(person, name, row.details[name])
        for name in flags:
            setattr(person, name, True)
        if details or flags:
            if {"postcode", "commune", "country"} & set(details):
                person.derive_territory()
                fields.update(TERRITORY_FIELDS)
            person.updated_at = now
            people.append(person)
            fields.update(details, flags)
        if details:
            timeline.append(
                _entry(
                    person_id,
                    TimelineEntry.Kind.UPDATE,
                    DETAILS_UPDATED,
                    {"fields": ", ".join(details)},
                    {"before": before, "source": SourceKind.IMPORT.value, "detail": label},
                    options,
                    now,
                )
            )
            updated.append((person, details))
        emails += [
            PersonEmail(person_id=person_id, email=email, email_canonical=key, added_at=now)
            for email, key in row.other_emails
            if taken.get(key) is None
        ]
        tagged += [
            TaggedPerson(content_object_id=person_id, tag_id=tag_ids[name])
            for name in dict.fromkeys([*row.tags, *options.tags])
            if name not in have_tags
        ]
        new_consents = [
            Consent(
                person_id=person_id,
                purpose=purpose,
                channel=channel,
                granted=granted,
                wording=options.consent_wording,
                where=Consent.Where.IMPORT,
                where_detail=label[:255],
                site=options.site,
                recorded_by=options.user,
                recorded_at=now,
            )
            for purpose, channel, granted in writing.opt_ins(row)
            if (person_id, purpose, channel) not in existing.states
        ]
        consents += new_consents
        action = "update" if changes or new_consents else "unchanged"
        outcomes.append(Outcome(row.line, action, changes, person_id))

    if people:
        _write_people(people, sorted(fields | {"updated_at"}))
    PersonEmail.objects.bulk_create(emails, batch_size=BATCH)
    TaggedPerson.objects.bulk_create(tagged, batch_size=BATCH)
    Consent.objects.bulk_create(consents, batch_size=BATCH)
    ConsentState.objects.bulk_create(
        [
            ConsentState(
                person_id=consent.person_id,
                purpose=consent.purpose,
                channel=consent.channel,
                granted=consent.granted,
                consent=consent,
                recorded_at=consent.recorded_at,
            )
            for consent in consents
        ],
        batch_size=BATCH,
    )
    timeline += [
        _entry(
            consent.person_id,
            TimelineEntry.Kind.CONSENT,
            CONSENT_GRANTED,
            {"purpose": consent.purpose, "channel": consent.channel},
            {"purpose": consent.purpose, "channel": consent.channel, "granted": consent.granted},
            options,
            now,
        )
        for consent in consents
    ]
    TimelineEntry.objects.bulk_create(timeline, batch_size=BATCH)
    _tell_plugins(updated, consents, existing.people, options.site)
    return outcomes


def _write_people(people, fields):
    """Write ``fields`` of ``people``: PostgreSQL, COPY into a temporary table and
    one UPDATE … FROM; SQLite, one prepared UPDATE run for each person. (Django's
    bulk_update builds a CASE per field and row: seconds per thousand people.)"""
    columns = [Person._meta.get_field(name).column for name in fields]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            raw.execute(
                "CREATE TEMPORARY TABLE IF NOT EXISTS people_import_changes "
                "AS SELECT * FROM people_person WITH NO DATA"
            )
            raw.execute("TRUNCATE people_import_changes")
            listed = ", ".join(["id", *columns])
            with raw.copy(f"COPY people_import_changes ({listed}) FROM STDIN") as copy:  # noqa: S608
                for person in people:
                    copy.write_row([person.pk, *(getattr(person, name) for name in fields)])
            assignments = ", ".join(f"{column} = changed.{column}" for column in columns)
            raw.execute(
                f"UPDATE people_person SET {assignments} FROM people_import_changes changed "  # noqa: S608
                "WHERE people_person.id = changed.id"
            )
            return
        assignments = ", ".join(f"{column} = %s" for column in columns)
        cursor.executemany(
            f"UPDATE people_person SET {assignments} WHERE id = %s",  # noqa: S608
            [
                [
                    *(
                        field.get_db_prep_save(getattr(person, field.attname), connection)
                        for field in map(Person._meta.get_field, fields)
                    ),
                    person.pk,
                ]
                for person in people
            ],
        )


def _entry(person_id, kind, message, params, data, options, when):
    entry = TimelineEntry(
        person_id=person_id,
        kind=kind,
        message=message,
        params=params,
        site=options.site,
        data=data,
        actor=options.user,
        occurred_at=when,
    )
    entry.summary = str(entry.english_text)[:500]
    return entry


def _tell_plugins(updated, consents, people, site):
    """The signals the per-row path sends, once the chunk is written."""
    if signals.person_updated.has_listeners(Person):
        for person, details in updated:
            signals.person_updated.send(sender=Person, person=person, site=site, fields=details)
    if signals.consent_changed.has_listeners(Person):
        for consent in consents:
            person = people[consent.person_id]
            signals.consent_changed.send(sender=Person, person=person, site=site, consent=consent)
