"""The consent ledger's evidence and state, and several choices at once.

For several choices at once (the ticked boxes of confirmed petition
signatures, one person's or a batch's): what ``api.record_consent`` does for
each choice, in three statements for all of them — the ledger rows, the current
states, the timeline entries — instead of seven or eight round trips per choice
(two savepoints, the state's lock, its insert or update).

The state keeps the latest ledger row per (purpose, channel), as
``api.record_consent`` does: one upsert that replaces a stored state only with a
row at least as recent (rows may arrive back-dated). Concurrent writers for the
same person meet on the state's unique key and the upsert settles them.
``refresh_consent_state`` rebuilds it from the ledger (after a merge).
"""

import functools
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, connections, router, transaction
from django.utils import timezone

from rostra import inserts, signals
from rostra.client_ip import client_ip
from rostra.people import purposes
from rostra.people.models import Consent, ConsentState, Person, TimelineEntry
from rostra.people.timeline import CONSENT_GRANTED, CONSENT_WITHDRAWN


@dataclass(frozen=True)
class Choice:
    """One consent decision, as ``api.record_consent`` takes it."""

    purpose: str
    granted: bool
    wording: str = ""
    channel: str = "email"
    wording_version: str = ""


def record_consents(
    person,
    choices,
    *,
    where=Consent.Where.PAGE,
    where_detail="",
    site=None,
    request=None,
    user=None,
    when=None,
    also=(),
):
    """Add a ledger row per choice (in order; never edits one), keep the current
    state on the latest, note each on the timeline and tell plugins
    (``consent_changed``). Returns the new Consent rows. ``also``: unsaved rows
    of one other model, pointing at none of these, written with them (in the
    same statement on PostgreSQL: the API's audit-log line of the call)."""
    choices = list(choices)
    if not choices:
        inserts.insert(also)
        return []
    ip_hash, user_agent, user = consent_evidence(request, user)
    recorded_at = when or timezone.now()
    rows = [
        Consent(
            person=person,
            purpose=choice.purpose,
            channel=choice.channel,
            granted=choice.granted,
            wording=str(choice.wording),
            wording_version=choice.wording_version,
            where=where,
            where_detail=where_detail[:255],
            site=site,
            ip_hash=ip_hash,
            user_agent=user_agent,
            recorded_by=user,
            recorded_at=recorded_at,
        )
        for choice in choices
    ]
    return record_many(rows, also=also)


def record_many(rows, *, also=()):
    """Write unsaved ``Consent`` rows, of one person or of many (a batch of
    confirmed signatures), each with its own evidence: the ledger rows in order,
    the states kept on each (person, purpose, channel)'s latest, a timeline
    entry each, then ``consent_changed`` for each. Returns the rows, saved.
    ``also``: as record_consents'."""
    also = list(also)
    rows = list(rows)
    if not rows:
        return rows
    for row in rows:
        # As record_consent: a typo must not record a consent nothing will read.
        if row.granted and not purposes.is_declared(row.purpose):
            raise ValueError(
                f"no installed plugin declares the consent purpose {row.purpose!r}: "
                "declare it in the plugin's consent_purposes"
            )
    # No savepoint inside a caller's transaction (two round trips): an error
    # here aborts the caller's transaction anyway.
    entries = [_timeline_entry(row) for row in rows]
    with transaction.atomic(savepoint=False):
        if not _write_in_one_statement(rows, entries, also):
            # bulk_create's statements, built once (rostra.inserts); ids returned.
            inserts.insert(rows)
            _keep_latest_states(rows)
            inserts.insert(entries)
            inserts.insert(also)
    for row in rows:
        signals.consent_changed.send(sender=Person, person=row.person, site=row.site, consent=row)
    return rows


def _keep_latest_states(rows):
    """One upsert of the (person, purpose, channel) states: a stored state is
    replaced only by a row at least as recent, ties going to the later row, as
    ``api._update_state`` compares them."""
    latest = {}
    for order, row in enumerate(rows):  # ids follow this order
        key = (row.person_id, row.purpose, row.channel)
        if key not in latest or (row.recorded_at, order) >= latest[key][0]:
            latest[key] = ((row.recorded_at, order), row)
    meta = ConsentState._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ["person", "purpose", "channel", "granted", "consent", "recorded_at"]
    fields = [meta.get_field(name) for name in names]
    columns = [quote(field.column) for field in fields]
    values, params = [], []
    for _order, row in latest.values():
        state = ConsentState(
            person_id=row.person_id,
            purpose=row.purpose,
            channel=row.channel,
            granted=row.granted,
            consent_id=row.pk,
            recorded_at=row.recorded_at,
        )
        values.append("(" + ", ".join(["%s"] * len(fields)) + ")")
        params += [
            field.get_db_prep_save(field.pre_save(state, True), connection) for field in fields
        ]
    key = ", ".join(columns[:3])
    replaced = ", ".join(f"{column} = EXCLUDED.{column}" for column in columns[3:])
    newer = f"(EXCLUDED.{columns[5]}, EXCLUDED.{columns[4]})"
    stored = f"({table}.{columns[5]}, {table}.{columns[4]})"
    # Only the model's own table and column names and placeholders are interpolated.
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join(values)} "  # noqa: S608
        f"ON CONFLICT ({key}) DO UPDATE SET {replaced} "
        f"WHERE {newer} >= {stored}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _write_in_one_statement(rows, entries, also):
    """On PostgreSQL, the ledger rows, their states (as _keep_latest_states
    keeps them) and their timeline entries in one statement, one round trip
    where they were three: each a write in its WITH. False elsewhere, or for
    more rows than one statement takes."""
    using = router.db_for_write(Consent)
    connection = connections[using]
    if connection.vendor != "postgresql" or max(len(rows), len(also)) > inserts.CHUNK:
        return False
    extra = (type(also[0]), len(also)) if also else None
    # In the order of their placeholders: the ledger rows, the other rows, the entries.
    values = inserts.params(rows) + inserts.params(also) + inserts.params(entries)
    with connection.cursor() as cursor:
        cursor.execute(_one_statement(len(rows), extra), values)
        returned = cursor.fetchall()
    inserts.mark_inserted(rows, [pk for (group, pk) in returned if group == 0], using)
    inserts.mark_inserted(also, [pk for (group, pk) in returned if group == 1], using)
    return True


@functools.lru_cache(maxsize=128)
def _one_statement(count, extra):
    quote = connections[router.db_for_write(Consent)].ops.quote_name
    state, consent = ConsentState._meta, Consent._meta
    names = ["person", "purpose", "channel", "granted", "consent", "recorded_at"]
    into = [quote(state.get_field(name).column) for name in names]
    # The ledger's columns in the same order (the row's own key for "consent").
    written = [quote(consent.get_field(name).column) for name in names[:4]]
    written += [quote(consent.pk.column), quote(consent.get_field("recorded_at").column)]
    table = quote(state.db_table)
    key = ", ".join(into[:3])
    replaced = ", ".join(f"{column} = EXCLUDED.{column}" for column in into[3:])
    newer = f"(EXCLUDED.{into[5]}, EXCLUDED.{into[4]})"
    stored = f"({table}.{into[5]}, {table}.{into[4]})"
    # Each (person, purpose, channel)'s latest row, the later one of a tie
    # (keys grow in the rows' order): what _keep_latest_states keeps.
    latest = (
        f"SELECT DISTINCT ON ({', '.join(written[:3])}) {', '.join(written)} FROM written "  # noqa: S608
        f"ORDER BY {', '.join(written[:3])}, {written[5]} DESC, {written[4]} DESC"
    )
    extra_write = extra_select = ""
    if extra:
        extra_pk = quote(extra[0]._meta.pk.column)
        extra_write = f"extra AS ({inserts.values_sql(*extra)} RETURNING {extra_pk}), "
        extra_select = f" UNION ALL SELECT 1, {extra_pk} FROM extra"  # noqa: S608
    # Only the models' own table and column names and placeholders are interpolated.
    return (
        f"WITH written AS ({inserts.values_sql(Consent, count)} "  # noqa: S608
        f"RETURNING {', '.join(written)}), "
        f"states AS (INSERT INTO {table} ({', '.join(into)}) {latest} "
        f"ON CONFLICT ({key}) DO UPDATE SET {replaced} WHERE {newer} >= {stored}), "
        f"{extra_write}noted AS ({inserts.values_sql(TimelineEntry, count)}) "
        f"SELECT 0 AS grp, {written[4]} AS pk FROM written{extra_select} ORDER BY grp, pk"
    )


def _timeline_entry(consent):
    message = CONSENT_GRANTED if consent.granted else CONSENT_WITHDRAWN
    params = {"purpose": consent.purpose, "channel": consent.channel}
    summary = TimelineEntry(message=message, params=params).english_text
    return TimelineEntry(
        person_id=consent.person_id,
        kind=TimelineEntry.Kind.CONSENT,
        summary=str(summary)[:500],
        message=message,
        params=params,
        site_id=consent.site_id,
        data={"purpose": consent.purpose, "channel": consent.channel, "granted": consent.granted},
        actor_id=consent.recorded_by_id,
        occurred_at=consent.recorded_at,
    )


def hash_ip(ip_address):
    """IP addresses are kept only as a keyed hash: enough to match abuse, not to locate."""
    if not ip_address:
        return ""
    digest = hashlib.blake2b(
        ip_address.encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=16
    )
    return digest.hexdigest()


def consent_evidence(request, user=None):
    """(hashed IP, browser, user) of the request a consent was given in."""
    ip_hash = user_agent = ""
    if request is not None:
        ip_hash = hash_ip(client_ip(request))
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:255]
        if user is None and getattr(request, "user", None) and request.user.is_authenticated:
            user = request.user
    return ip_hash, user_agent, user


def refresh_consent_state(person):
    """Rebuild a person's ConsentState rows from the ledger (after a merge)."""
    ConsentState.objects.filter(person=person).delete()
    rows = [
        ConsentState(
            person=person,
            purpose=consent.purpose,
            channel=consent.channel,
            granted=consent.granted,
            consent=consent,
            recorded_at=consent.recorded_at,
        )
        for consent in current_consents(person).values()
    ]
    ConsentState.objects.bulk_create(rows)


def current_consents(person):
    """{(purpose, channel): latest Consent row} for a person."""
    latest = {}
    for consent in Consent.objects.filter(person=person).order_by("recorded_at", "pk"):
        latest[(consent.purpose, consent.channel)] = consent
    return latest
