"""PostgreSQL: the new people of a chunk in a handful of set-based statements.

The parsed rows go into a temporary staging table with one COPY (one row per
person, what Python has to format), then each table gets one
``INSERT … SELECT`` from it: people, their other addresses, consent ledger rows
(marked as imported, with the wording shown) and the matching consent state,
tags and the import entry of each timeline. The caller holds the chunk's
transaction: a chunk is written whole or not at all.

Each row's staging line (everything but the person id, in COPY's text format)
is formatted by the engine's parsing thread (``copy_line``), while this thread
waits on PostgreSQL with the previous chunk; here person ids are reserved from
the table's sequence, one statement, and put in front of the lines, so that the
rows hanging off a person and the per-row report know them.
"""

from django.db import connection
from taggit.models import Tag

from rostra.people.importing.report import Outcome
from rostra.people.importing.writing import IMPORTED, OPT_INS
from rostra.people.models import Consent, SourceKind, TimelineEntry

STAGING = "people_import_staging"
# name, type: what the staging table holds for one new person.
STAGING_COLUMNS = (
    ("person_id", "bigint"),
    ("line", "integer"),
    ("email", "text"),
    ("email_canonical", "text"),
    ("first_name", "text"),
    ("last_name", "text"),
    ("phone", "text"),
    ("mobile_phone", "text"),
    ("address_line1", "text"),
    ("address_line2", "text"),
    ("postcode", "text"),
    ("commune", "text"),
    ("country", "text"),
    ("language", "text"),
    ("commune_code", "text"),
    ("district_code", "text"),
    ("departement_code", "text"),
    ("region_code", "text"),
    ("constituency", "text"),
    ("do_not_contact", "boolean"),
    ("do_not_email", "boolean"),
    ("do_not_call", "boolean"),
    ("do_not_text", "boolean"),
    ("email_opt_in", "boolean"),
    ("mobile_opt_in", "boolean"),
    ("external_id", "text"),
    # Lists as text, split in SQL (psycopg formats a Python list slowly): tags
    # never hold "|" (the file's tag lists are split on it), addresses never a space.
    ("tags", "text"),
    ("other_emails", "text"),
    ("other_keys", "text"),
)
# Copied as they are from the staging table into people_person.
PERSON_COLUMNS = [name for name, _type in STAGING_COLUMNS[2:23]]


def create_people(new_rows, options, taken):
    """Insert the rows (people not in the database, none of whose other
    addresses is ``taken``: the engine rejects those) and everything hanging off
    them. Returns their outcomes."""
    label = options.source_label[:255]
    site_id = options.site.pk if options.site else None
    user_id = options.user.pk if options.user else None
    extra_tags = list(options.tags)
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg's own: COPY and server-side statements
        _prepare(cursor)
        # The sequence looked up once per statement: nextval(text) would look
        # its name up again for every id.
        cursor.execute(
            "WITH seq AS MATERIALIZED (SELECT pg_get_serial_sequence('people_person', 'id')"
            "::regclass AS oid) SELECT nextval(seq.oid) FROM seq, generate_series(1, %s)",
            [len(new_rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        names = {name for row in new_rows for name in row.tags} | set(extra_tags)
        if names:
            _create_missing_tags(names)
        columns = ", ".join(name for name, _type in STAGING_COLUMNS)
        with cursor.copy(f"COPY {STAGING} ({columns}) FROM STDIN") as copy:  # noqa: S608
            copy.write(
                "".join(
                    f"{person_id}\t{row.copy_line or copy_line(row, extra_tags)}"
                    for row, person_id in zip(new_rows, ids, strict=True)
                )
            )
        _insert_from_staging(cursor, label, site_id, user_id, options.consent_wording)
    return [
        Outcome(row.line, "create", [], person_id)
        for row, person_id in zip(new_rows, ids, strict=True)
    ]


def _prepare(cursor):
    """The session's staging table, empty (it lives as long as the connection:
    created once, truncated per chunk)."""
    definition = ", ".join(f"{name} {kind}" for name, kind in STAGING_COLUMNS)
    cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGING} ({definition})")
    cursor.execute(f"TRUNCATE {STAGING}")


def line_formatter(options):
    """What the engine's parsing thread calls on each row to be imported: its
    staging line (no database needed)."""
    extra_tags = list(options.tags)
    return lambda row: copy_line(row, extra_tags)


def copy_line(row, extra_tags):
    """The row's staging line after the person id: COPY's text format, tab
    between the columns, newline at the end."""
    details, place, flags = row.details, row.territory, row.flags
    get = details.get
    values = (
        str(row.line),
        row.email,
        row.key,
        get("first_name", ""),
        get("last_name", ""),
        get("phone", ""),
        get("mobile_phone", ""),
        get("address_line1", ""),
        get("address_line2", ""),
        get("postcode", ""),
        get("commune", ""),
        get("country", "FR"),
        get("language", "fr"),
        place.commune_code if place else "",
        place.district_code if place else "",
        place.departement_code if place else "",
        place.region_code if place else "",
        place.constituency if place else "",
        "t" if flags.get("do_not_contact") else "f",
        "t" if flags.get("do_not_email") else "f",
        "t" if flags.get("do_not_call") else "f",
        "t" if flags.get("do_not_text") else "f",
        "t" if row.email_opt_in else "f",
        "t" if row.mobile_opt_in else "f",
        row.external_id,
        "|".join(dict.fromkeys([*row.tags, *extra_tags])),
        " ".join(email for email, _key in row.other_emails),
        " ".join(key for _email, key in row.other_emails),
    )
    text = "\t".join(values)
    # A tab, newline, carriage return or backslash inside a value: escaped.
    if text.count("\t") != len(values) - 1 or "\\" in text or "\n" in text or "\r" in text:
        text = "\t".join(value.translate(_ESCAPES) for value in values)
    return text + "\n"


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _insert_from_staging(cursor, label, site_id, user_id, wording):
    person_columns = ", ".join(PERSON_COLUMNS)
    cursor.execute(
        f"INSERT INTO people_person (id, {person_columns}, source_kind, source_detail, "  # noqa: S608
        "source_site_id, created_at, updated_at) "
        f"SELECT person_id, {person_columns}, %s, %s, %s, now(), now() "
        f"FROM {STAGING} ORDER BY line",
        [SourceKind.IMPORT.value, label, site_id],
    )
    cursor.execute(
        "INSERT INTO people_personemail (person_id, email, email_canonical, added_at) "  # noqa: S608
        f"SELECT s.person_id, other.email, other.key, now() FROM {STAGING} s "
        "CROSS JOIN LATERAL unnest(string_to_array(s.other_emails, ' '), "
        "string_to_array(s.other_keys, ' ')) AS other(email, key) "
        "WHERE s.other_keys <> '' ORDER BY s.line"
    )
    # The file's opt-ins: a ledger row each, marked as imported with the wording
    # shown, and the person's current state pointing at it.
    opt_ins = " UNION ALL ".join(
        f"SELECT person_id, line, %s AS purpose, %s AS channel FROM {STAGING} WHERE {column}"  # noqa: S608
        for column, _purpose, _channel in OPT_INS
    )
    cursor.execute(
        "WITH ledger AS ("  # noqa: S608
        "INSERT INTO people_consent (person_id, purpose, channel, granted, wording, "
        'wording_version, "where", where_detail, site_id, ip_hash, user_agent, '
        "recorded_by_id, recorded_at) "
        f"SELECT person_id, purpose, channel, true, %s, '', %s, %s, %s, '', '', %s, now() "
        f"FROM ({opt_ins}) AS opt_in ORDER BY line, channel "
        "RETURNING id, person_id, purpose, channel, granted, recorded_at) "
        "INSERT INTO people_consentstate (person_id, purpose, channel, granted, consent_id, "
        "recorded_at) SELECT person_id, purpose, channel, granted, id, recorded_at FROM ledger",
        [
            wording,
            Consent.Where.IMPORT.value,
            label,
            site_id,
            user_id,
            *(value for _column, purpose, channel in OPT_INS for value in (purpose, channel)),
        ],
    )
    before, after = IMPORTED.split("%(line)s")
    cursor.execute(
        "INSERT INTO people_timelineentry (person_id, kind, summary, message, params, site_id, "  # noqa: S608
        "data, actor_id, occurred_at) "
        "SELECT person_id, %s, %s || line || %s, %s, "
        "jsonb_build_object('source', %s::text, 'line', line), %s, "
        "CASE WHEN external_id <> '' THEN jsonb_build_object('external_id', external_id) "
        "ELSE '{}'::jsonb END, %s, now() "
        f"FROM {STAGING} ORDER BY line",
        [
            TimelineEntry.Kind.IMPORT.value,
            before % {"source": label},
            after,
            IMPORTED,
            label,
            site_id,
            user_id,
        ],
    )
    cursor.execute(
        "INSERT INTO people_taggedperson (content_object_id, tag_id) "  # noqa: S608
        f"SELECT s.person_id, tag.id FROM {STAGING} s "
        "CROSS JOIN LATERAL unnest(string_to_array(s.tags, '|')) AS wanted(name) "
        f"JOIN {Tag._meta.db_table} tag ON tag.name = wanted.name "
        "WHERE s.tags <> '' ORDER BY s.line"
    )


def _create_missing_tags(names):
    found = set(Tag.objects.filter(name__in=names).values_list("name", flat=True))
    for name in sorted(names - found):
        Tag.objects.create(name=name)
