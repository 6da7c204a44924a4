"""Counting signatures exactly once, without a hot row (docs/petitions.md, "Counting").

- ``record`` appends a delta in the caller's transaction (the one that changes a
  signature's state): the delta exists if and only if the state change committed.
- ``fold`` is the aggregator. It takes a transaction-level PostgreSQL advisory lock
  (one aggregator at a time; a second one returns at once), deletes the deltas it
  reads with ``DELETE … RETURNING`` and adds them to the counters in the same
  transaction. A delta can be returned by one DELETE only, and the counters change
  only if that DELETE commits: each delta is counted once, whatever crashes or
  runs twice. On SQLite the IMMEDIATE transaction serialises writers the same way.
- ``recount`` compares the counters with the signatures themselves in one
  consistent snapshot, repairs any drift and reports it.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from rostra.worker.queueing import with_commit

from rostra_petitions import conf
from rostra_petitions.models import (
    CountDelta,
    PetitionState,
    Signature,
    TerritoryCount,
    ThresholdCrossing,
)
from rostra_petitions.models.counting import Channel

logger = logging.getLogger(__name__)

# pg advisory lock key: "petition" folded into a signed 64-bit integer.
LOCK_KEY = 0x7065746974696F6E & 0x7FFFFFFFFFFFFFFF
BATCH = 20_000
_SCHEDULED_KEY = "petitions:fold-scheduled"
_RECOUNT_KEY = "petitions:recount-scheduled"
_RETENTION_KEY = "petitions:retention-scheduled"


@dataclass
class FoldReport:
    deltas: int = 0
    petitions: dict = field(default_factory=dict)  # petition_id -> (online, paper) added


def record(signature, amount, *, channel=None):
    """Append a count change for a signature whose counted state just changed."""
    CountDelta.objects.create(
        petition_id=signature.petition_id,
        channel=channel or signature.source,
        amount=amount,
        departement_code=signature.departement_code,
        constituency=signature.constituency,
        country=signature.country,
    )
    schedule()


def record_many(petition_id, rows, *, sign, channel):
    """Deltas for many signatures at once (bulk invalidation, paper import):
    ``rows`` are dicts with departement_code, constituency, country and n."""
    CountDelta.objects.bulk_create(
        CountDelta(
            petition_id=petition_id,
            channel=channel,
            amount=sign * row["n"],
            departement_code=row["departement_code"],
            constituency=row["constituency"],
            country=row["country"],
        )
        for row in rows
        if row["n"]
    )
    schedule()


def schedule():
    """Make sure the aggregator runs soon after a count change: one run pending
    at a time, a quarter interval after the change that scheduled it, so that
    changes arriving meanwhile are folded by the same run.

    The run clears the mark when it starts folding, and a change looks for the
    mark only once committed: a change that finds a run pending committed before
    that run started, so the run sees it; any later change schedules the next
    run. (Looking before the commit, or clearing the mark only when it expired,
    left the last changes of a burst for the next signature or for count.json's
    heal, 15 s behind.) The mark expires after half an interval in any case, in
    case a run was lost."""
    transaction.on_commit(_schedule_now)


def _schedule_now():
    interval = conf.count_interval()
    if cache.add(_SCHEDULED_KEY, 1, max(1, interval // 2)):
        _enqueue_fold(interval)


def _retry_later():
    """Locked out by another aggregator or a recount, which may have started
    before the latest changes committed: another run a little later (only with a
    queue that defers; inline, the caller is the next run)."""
    from rostra_petitions import tasks

    if tasks.fold_counts.get_backend().supports_defer:
        cache.delete(_SCHEDULED_KEY)
        schedule()


def _enqueue_fold(interval):
    from rostra_petitions import tasks

    try:
        # Deltas arriving meanwhile are folded in the same run.
        tasks.enqueue_after(tasks.fold_counts, interval / 4 if interval else 0)
    except Exception:  # the counter catches up at the next schedule; signing must not fail
        logger.exception("could not schedule the signature counter")
        cache.delete(_SCHEDULED_KEY)


def _try_lock(wait=False):
    if connection.vendor != "postgresql":
        return True  # SQLite: the IMMEDIATE transaction already excludes other writers
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        return cursor.fetchone()[0]


def _take_deltas(paused_ids):
    """Delete up to BATCH deltas (not of paused petitions) and return them."""
    table = CountDelta._meta.db_table
    params = []
    where = ""
    if paused_ids:
        where = f"WHERE petition_id NOT IN ({', '.join(['%s'] * len(paused_ids))})"
        params.extend(paused_ids)
    params.append(BATCH)
    # Only the table name (from the model) and placeholders are interpolated.
    sql = (
        f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} {where} ORDER BY id LIMIT %s) "  # noqa: S608
        "RETURNING petition_id, channel, amount, departement_code, constituency, country"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fold(*, now=None, lock=True):
    """Run the aggregator once. Returns a FoldReport, or None when another
    aggregator holds the lock (it will fold what we would have)."""
    now = now or timezone.now()
    report = FoldReport()
    first = True
    while True:
        with transaction.atomic():
            if lock and not _try_lock():
                _retry_later()
                return None
            if first:
                # From now on a count change schedules the next run (schedule()).
                cache.delete(_SCHEDULED_KEY)
                first = False
            paused = list(
                PetitionState.objects.filter(counting_paused=True).values_list(
                    "petition_id", flat=True
                )
            )
            rows = _take_deltas(paused)
            _apply(rows, report, now)
            PetitionState.objects.filter(counting_paused=False, archived_at__isnull=True).update(
                counted_at=now
            )
        if len(rows) < BATCH:
            break
    # The aggregator also starts the hourly recount and the daily retention run.
    if cache.add(_RECOUNT_KEY, 1, 3600):
        with_commit(lambda: _enqueue("recount_all"))
    if cache.add(_RETENTION_KEY, 1, 86400):
        with_commit(lambda: _enqueue("retention"))
    return report


def _enqueue(name):
    from rostra_petitions import tasks

    try:
        getattr(tasks, name).enqueue()
    except Exception:
        logger.exception("could not schedule %s", name)


def _apply(rows, report, now):
    if not rows:
        return
    totals = defaultdict(lambda: [0, 0])
    territories = defaultdict(int)
    for petition_id, channel, amount, departement, constituency, country in rows:
        totals[petition_id][0 if channel == Channel.ONLINE else 1] += amount
        if departement:
            territories[(petition_id, TerritoryCount.Kind.DEPARTEMENT, departement)] += amount
        if constituency:
            territories[(petition_id, TerritoryCount.Kind.CONSTITUENCY, constituency)] += amount
        if country:
            territories[(petition_id, TerritoryCount.Kind.COUNTRY, country)] += amount
    report.deltas += len(rows)
    for petition_id, (online, paper) in totals.items():
        updated = PetitionState.objects.filter(petition_id=petition_id).update(
            online_count=F("online_count") + online, paper_count=F("paper_count") + paper
        )
        if not updated:
            PetitionState.objects.create(
                petition_id=petition_id, online_count=online, paper_count=paper
            )
        added = report.petitions.get(petition_id, (0, 0))
        report.petitions[petition_id] = (added[0] + online, added[1] + paper)
    _add_territories(territories)
    check_thresholds(list(totals), now)


def _add_territories(territories):
    for (petition_id, kind, code), amount in territories.items():
        if not amount:
            continue
        updated = TerritoryCount.objects.filter(
            petition_id=petition_id, kind=kind, code=code
        ).update(count=F("count") + amount)
        if not updated:
            TerritoryCount.objects.create(
                petition_id=petition_id, kind=kind, code=code, count=amount
            )


@dataclass
class Drift:
    petition_id: int
    online: int  # counter minus truth
    paper: int


def recount(petition_ids=None, *, quiet=False):
    """Check every counter against the signatures, repair and report drift.

    One consistent snapshot (REPEATABLE READ on PostgreSQL) sees the counters,
    the deltas not yet folded and the signatures at the same instant, under the
    aggregator's lock, so a confirmation committing meanwhile is counted once.
    """
    drifts = []
    # Inside a caller's transaction (the demo loader, tests) the isolation level
    # is already fixed; that caller is single-process, so its snapshot suffices.
    outer = connection.in_atomic_block
    with _session_lock(), transaction.atomic():
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        states = PetitionState.objects.select_for_update()
        if petition_ids is not None:
            states = states.filter(petition_id__in=petition_ids)
        for state in states:
            drift = _recount_one(state)
            if drift.online or drift.paper:
                drifts.append(drift)
        check_thresholds(
            petition_ids
            if petition_ids is not None
            else list(PetitionState.objects.values_list("petition_id", flat=True)),
            timezone.now(),
        )
    for drift in [] if quiet else drifts:
        logger.warning(
            "petition %s: counter was off by %+d online and %+d paper; repaired",
            drift.petition_id,
            drift.online,
            drift.paper,
        )
    return drifts


class _session_lock:
    """The aggregator's lock held across a whole transaction (and released even if
    it fails): recount must start its snapshot after taking it."""

    def __enter__(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        return self

    def __exit__(self, *exc):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def _recount_one(state):
    signatures = Signature.objects.filter(
        petition_id=state.petition_id, state=Signature.State.VALIDATED
    )
    truth = dict(
        signatures.values_list("source").annotate(n=Count("id")).values_list("source", "n")
    )
    pending = dict(
        CountDelta.objects.filter(petition_id=state.petition_id)
        .values_list("channel")
        .annotate(n=Sum("amount"))
        .values_list("channel", "n")
    )
    online_drift = (
        state.online_count + (pending.get(Channel.ONLINE) or 0) - truth.get(Channel.ONLINE, 0)
    )
    paper_drift = (
        state.paper_count + (pending.get(Channel.PAPER) or 0) - truth.get(Channel.PAPER, 0)
    )
    now = timezone.now()
    PetitionState.objects.filter(pk=state.pk).update(
        online_count=F("online_count") - online_drift,
        paper_count=F("paper_count") - paper_drift,
        recounted_at=now,
        last_drift=online_drift + paper_drift,
    )
    _recount_territories(state.petition_id, signatures)
    return Drift(state.petition_id, online_drift, paper_drift)


def _recount_territories(petition_id, signatures):
    """Territory counts are rebuilt from the signatures plus the unfolded deltas."""
    expected = defaultdict(int)
    deltas = CountDelta.objects.filter(petition_id=petition_id)
    for kind, column in (
        (TerritoryCount.Kind.DEPARTEMENT, "departement_code"),
        (TerritoryCount.Kind.CONSTITUENCY, "constituency"),
        (TerritoryCount.Kind.COUNTRY, "country"),
    ):
        for code, n in (
            signatures.exclude(**{column: ""}).values_list(column).annotate(n=Count("id"))
        ):
            expected[(kind, code)] += n
        for code, n in deltas.exclude(**{column: ""}).values_list(column).annotate(n=Sum("amount")):
            expected[(kind, code)] -= n  # still to be folded: not in the counters yet
    current = {
        (row.kind, row.code): row for row in TerritoryCount.objects.filter(petition_id=petition_id)
    }
    for key, row in current.items():
        if row.count != expected.get(key, 0):
            row.count = expected.get(key, 0)
            row.save(update_fields=["count"])
    for (kind, code), n in expected.items():
        if (kind, code) not in current and n:
            TerritoryCount.objects.create(petition_id=petition_id, kind=kind, code=code, count=n)


def check_thresholds(petition_ids, now):
    """Trigger thresholds the count has reached; un-trigger those it fell below."""
    from rostra_petitions.models import PetitionPage

    if not petition_ids:
        return
    states = {s.petition_id: s for s in PetitionState.objects.filter(petition_id__in=petition_ids)}
    for petition in PetitionPage.objects.filter(pk__in=petition_ids):
        state = states.get(petition.pk)
        if state is None:
            continue
        total = state.online_count + state.paper_count
        crossings = {c.threshold: c for c in ThresholdCrossing.objects.filter(petition=petition)}
        for count, _message, alert in petition.threshold_list():
            crossing = crossings.get(count)
            if total >= count and (crossing is None or not crossing.active):
                if crossing is None:
                    crossing = ThresholdCrossing(petition=petition, threshold=count)
                crossing.active, crossing.reached_at = True, now
                crossing.save()
                if alert and crossing.alerted_at is None:
                    crossing.alerted_at = now
                    crossing.save(update_fields=["alerted_at"])
                    _alert(petition, count, total)
            elif total < count and crossing is not None and crossing.active:
                crossing.active = False
                crossing.save(update_fields=["active"])


def _alert(petition, threshold, total):
    from rostra.mail.sending import send

    site = petition.get_site()
    # Queued in the fold's transaction, which marks the threshold alerted: the
    # alert goes if and only if the mark commits.
    for address in petition.alert_addresses():
        with_commit(
            lambda address=address: send(
                "petitions/threshold",
                to=address,
                site=site,
                context={
                    "petition_title": petition.title,
                    "threshold": threshold,
                    "total": total,
                    "url": petition.get_full_url(),
                },
            )
        )


def public_count(petition):
    """What the page, count.json and embeds show (no personal data)."""
    state = PetitionState.for_petition(petition)
    return {
        "online": state.online_count,
        "paper": state.paper_count,
        "total": state.online_count + state.paper_count,
        "goal": petition.goal,
        "updated_at": state.counted_at,
        "counting_paused": state.counting_paused,
    }


def heal(petition, count):
    """Called by count.json: if the counter looks stale (a scheduled run was lost,
    say the worker restarted), schedule the aggregator again."""
    interval = conf.count_interval()
    updated_at = count["updated_at"]
    if count["counting_paused"]:
        return
    stale = updated_at is None or (timezone.now() - updated_at).total_seconds() > 2 * interval
    if stale and CountDelta.objects.filter(petition_id=petition.counted_petition_id).exists():
        schedule()


def reached_thresholds(petition):
    active = set(
        ThresholdCrossing.objects.filter(
            petition_id=petition.counted_petition_id, active=True
        ).values_list("threshold", flat=True)
    )
    return [
        (count, message)
        for count, message, _alert in petition.threshold_list()
        if count in active and message
    ]
