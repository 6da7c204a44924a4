"""Leases of task workers: a heartbeat per worker, and the reaper that hands the
tasks of a worker gone silent back to the queue.

- ``register`` writes the worker's heartbeat row before it claims any task;
  ``beat`` keeps it fresh (from a thread of the worker, every ``lease / 6``
  seconds) and says whether the worker still holds its lease.
- ``reap`` (run by every worker after each beat) takes the heartbeat rows older
  than the lease, puts their workers' RUNNING tasks back to READY and deletes
  the rows, in one transaction. Rows are locked ``FOR UPDATE SKIP LOCKED`` on
  PostgreSQL, so two workers reaping at once share the dead among them; SQLite's
  IMMEDIATE transactions run reapers one after the other.
- Each task goes back to the queue by a compare-and-set on its claim (still
  RUNNING, same ``started_at``), so a reaper that read a task just before
  another worker claimed it again never takes it from that worker.
- A worker whose row was reaped (it was paused, or cut off from the database,
  longer than the lease) finds it gone at its next beat and stops at once
  (``run_worker``): its task may already run elsewhere.
- A RUNNING task whose worker has no heartbeat row at all (a worker stopped
  after its lease was lost, or one started with plain ``db_worker``) goes back
  once it has run longer than the lease.
- A task whose workers died ``MAX_ATTEMPTS`` times (it kills them: out of
  memory, say) is marked FAILED instead of being run again for ever.

Times are the workers' clocks: servers running workers keep them in sync (NTP),
which is far finer than a lease.
"""

import datetime
import logging
import os
import socket
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from rostra.worker.models import Heartbeat

logger = logging.getLogger("rostra.worker")

# A worker silent this long is taken as dead. Its heartbeat thread beats every
# sixth of it, so a few missed beats (a slow database) do not lose the lease.
DEFAULT_LEASE_SECONDS = 30
MAX_ATTEMPTS = 5


class WorkerLost(Exception):
    """Recorded on a task given up after its workers died MAX_ATTEMPTS times."""


LOST_PATH = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


def beat_interval(lease):
    return lease / 6


def register(worker_id, queue_names):
    now = timezone.now()
    Heartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "queues": ",".join(queue_names)[:255],
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": now,
            "beat_at": now,
        },
    )


def beat(worker_id):
    """Refresh the worker's heartbeat; False when its row is gone (reaped: the
    worker lost its lease)."""
    return bool(Heartbeat.objects.filter(worker_id=worker_id).update(beat_at=timezone.now()))


@dataclass
class Reaped:
    result_id: str
    task_path: str
    worker_id: str
    given_up: bool


def reap(lease, *, now=None):
    """Hand back to the queue the tasks of workers silent for longer than
    ``lease`` seconds; returns what it did (a list of Reaped)."""
    now = now or timezone.now()
    expired = now - datetime.timedelta(seconds=lease)
    with transaction.atomic():
        dead = set(
            Heartbeat.objects.select_for_update(skip_locked=True)
            .filter(beat_at__lt=expired)
            .values_list("worker_id", flat=True)
        )
        # Read after the lock: a row another reaper holds counts as known here,
        # and its tasks are that reaper's to hand back.
        known = set(Heartbeat.objects.values_list("worker_id", flat=True))
        reaped = []
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list(
            "id", "task_path", "worker_ids", "started_at"
        )
        for result_id, task_path, worker_ids, started_at in running:
            worker_id = worker_ids[-1] if worker_ids else ""
            orphan = worker_id not in known and started_at is not None and started_at < expired
            if worker_id not in dead and not orphan:
                continue
            given_up = len(worker_ids) >= MAX_ATTEMPTS
            if _hand_back(result_id, started_at, given_up, now):
                reaped.append(Reaped(str(result_id), task_path, worker_id, given_up))
        Heartbeat.objects.filter(worker_id__in=dead, beat_at__lt=expired).delete()
    for item in reaped:
        if item.given_up:
            logger.error(
                "Task %s (%s) was running on worker %s, which stopped answering: its "
                "workers died %d times running it, so it is marked failed.",
                item.result_id,
                item.task_path,
                item.worker_id,
                MAX_ATTEMPTS,
            )
        else:
            logger.warning(
                "Task %s (%s) was running on worker %s, which stopped answering: queued again.",
                item.result_id,
                item.task_path,
                item.worker_id,
            )
    return reaped


def _hand_back(result_id, started_at, given_up, now):
    """Compare-and-set on the claim: only the run that was lost is touched."""
    claim = DBTaskResult.objects.filter(
        id=result_id, status=TaskResultStatus.RUNNING, started_at=started_at
    )
    if given_up:
        return claim.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            return_value=None,
            exception_class_path=LOST_PATH,
            traceback=(
                f"{LOST_PATH}: the workers running this task died {MAX_ATTEMPTS} times "
                "(killed, out of memory or cut off); it is not run again.\n"
            ),
        )
    return claim.update(status=TaskResultStatus.READY)


def requeue(result):
    """Put back a task this worker was interrupted in (stopped by a second
    Ctrl+C, say), which django-tasks-db marked failed."""
    return (
        DBTaskResult.objects.filter(id=result.id, started_at=result.started_at)
        .exclude(status=TaskResultStatus.SUCCESSFUL)
        .update(
            status=TaskResultStatus.READY,
            finished_at=None,
            exception_class_path="",
            traceback="",
        )
    )


def release(worker_id):
    """A worker stopping: its unfinished tasks back to the queue, its row gone."""
    with transaction.atomic():
        mine = [
            (result_id, started_at)
            for result_id, worker_ids, started_at in DBTaskResult.objects.filter(
                status=TaskResultStatus.RUNNING
            ).values_list("id", "worker_ids", "started_at")
            if worker_ids and worker_ids[-1] == worker_id
        ]
        for result_id, started_at in mine:
            _hand_back(result_id, started_at, False, timezone.now())
        Heartbeat.objects.filter(worker_id=worker_id).delete()
    return len(mine)
