"""People not yet known, a chunk at a time, on SQLite (the demo, small sites,
``make run``); PostgreSQL has its own set-based path (importing.staging).

The caller holds the chunk's transaction, which holds SQLite's write lock: ids
are taken as max + 1 so that consent rows, their current state, tags and
timeline entries can point at the new people, and every table gets one
``executemany``. A unique violation (someone signed up on the site meanwhile)
aborts the chunk, which the engine then applies row by row.
"""

import json

from django.db import connection
from django.utils import timezone

from rostra.people.importing.report import Outcome
from rostra.people.importing.writing import IMPORTED, opt_ins, tag_ids
from rostra.people.models import Consent, Person, SourceKind, TimelineEntry, territory_codes

EMAIL_COLUMNS = ("person_id", "email", "email_canonical", "added_at")
CONSENT_COLUMNS = (
    "id",
    "person_id",
    "purpose",
    "channel",
    "granted",
    "wording",
    "wording_version",
    '"where"',
    "where_detail",
    "site_id",
    "ip_hash",
    "user_agent",
    "recorded_by_id",
    "recorded_at",
)
STATE_COLUMNS = ("person_id", "purpose", "channel", "granted", "consent_id", "recorded_at")
TIMELINE_COLUMNS = (
    "person_id",
    "kind",
    "summary",
    "message",
    "params",
    "site_id",
    "data",
    "actor_id",
    "occurred_at",
)


def _reserve(cursor, table, count):
    """Ids for ``count`` new rows, taken before the rows are written (the write
    transaction holds the database lock, so max + 1 is ours)."""
    if not count:
        return []
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
    first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))


def line_formatter(options):
    """Nothing for the parsing thread to prepare: rows are written as tuples
    (staging.line_formatter is PostgreSQL's)."""
    return None


def create_people(new_rows, options, taken):
    """Insert the rows (people not in the database) and what hangs off them."""
    now = timezone.now()
    label = options.source_label[:255]
    site_id = options.site.pk if options.site else None
    user_id = options.user.pk if options.user else None
    people, emails, consents, timeline, tagged = [], [], [], [], []
    extra_tags = list(options.tags)
    # Every column of people_person, with what a new person holds there unless
    # the row says otherwise (the model's defaults: country, language, flags off).
    defaults = {field.column: field.get_default() for field in Person._meta.concrete_fields}
    with connection.cursor() as cursor:
        write = _insert
        stamp = connection.ops.adapt_datetimefield_value(now)
        ids = _reserve(cursor, "people_person", len(new_rows))
        consent_total = sum(1 for row in new_rows for _ in opt_ins(row))
        consent_ids = iter(_reserve(cursor, "people_consent", consent_total))
        tag_id = tag_ids({name for row in new_rows for name in row.tags} | set(extra_tags))
        for row, person_id in zip(new_rows, ids, strict=True):
            person = {
                **defaults,
                **row.details,
                **territory_codes(row.territory),
                **row.flags,
                "id": person_id,
                "email": row.email,
                "email_canonical": row.key,
                "source_kind": SourceKind.IMPORT.value,
                "source_detail": label,
                "source_site_id": site_id,
                "created_at": stamp,
                "updated_at": stamp,
            }
            people.append(tuple(person[column] for column in defaults))
            for email, key in row.other_emails:
                if taken.get(key) is None:
                    emails.append((person_id, email, key, stamp))
            for purpose, channel, granted in opt_ins(row):
                consents.append((next(consent_ids), person_id, purpose, channel, granted))
            params = {"source": label, "line": row.line}
            data = {"external_id": row.external_id} if row.external_id else {}
            timeline.append(
                (
                    person_id,
                    TimelineEntry.Kind.IMPORT.value,
                    IMPORTED % params,
                    IMPORTED,
                    json.dumps(params),
                    site_id,
                    json.dumps(data),
                    user_id,
                    stamp,
                )
            )
            for name in {*row.tags, *extra_tags}:
                tagged.append((person_id, tag_id[name]))

        write(cursor, "people_person", list(defaults), people)
        write(cursor, "people_personemail", EMAIL_COLUMNS, emails)
        write(
            cursor,
            "people_consent",
            CONSENT_COLUMNS,
            [
                (
                    consent_id,
                    person_id,
                    purpose,
                    channel,
                    granted,
                    options.consent_wording,
                    "",
                    Consent.Where.IMPORT.value,
                    label,
                    site_id,
                    "",
                    "",
                    user_id,
                    stamp,
                )
                for consent_id, person_id, purpose, channel, granted in consents
            ],
        )
        write(
            cursor,
            "people_consentstate",
            STATE_COLUMNS,
            [
                (person_id, purpose, channel, granted, consent_id, stamp)
                for consent_id, person_id, purpose, channel, granted in consents
            ],
        )
        write(cursor, "people_timelineentry", TIMELINE_COLUMNS, timeline)
        write(cursor, "people_taggedperson", ("content_object_id", "tag_id"), tagged)
    return [
        Outcome(row.line, "create", [], person_id)
        for row, person_id in zip(new_rows, ids, strict=True)
    ]


def _insert(cursor, table, column_names, records):
    if records:
        marks = ", ".join(["%s"] * len(column_names))
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(column_names)}) VALUES ({marks})",  # noqa: S608
            records,
        )
