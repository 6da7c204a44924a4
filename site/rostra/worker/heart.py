"""The heartbeat thread of a task worker, and the worker that keeps one."""

import logging
import os
import threading

from django.db import DatabaseError, connection
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import TaskResultStatus

from rostra.worker import lease

logger = logging.getLogger("rostra.worker")

# Exit status of a worker that lost its lease (sysexits' EX_TEMPFAIL): systemd,
# or run-demo's loop, starts a fresh one.
LEASE_LOST = 75
# What a task stopped from outside (a second Ctrl+C) records: not its fault.
_INTERRUPTIONS = ("builtins.SystemExit", "builtins.KeyboardInterrupt")


class Heart(threading.Thread):
    """Beats every lease / 6 seconds and reaps the dead after each beat. A beat
    that finds the worker's row gone stops the whole process at once: another
    worker may already be running its task again."""

    def __init__(self, worker_id, lease_seconds):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.lease_seconds = lease_seconds
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(lease.beat_interval(self.lease_seconds)):
                self.once()
        finally:
            connection.close()

    def once(self):
        try:
            alive = lease.beat(self.worker_id)
        except DatabaseError:
            # The database is away (restarting, locked): beat again later. The
            # lease is long enough for a few missed beats.
            logger.warning("Worker %s could not write its heartbeat.", self.worker_id)
            connection.close()
            return
        if not alive:
            logger.critical(
                "Worker %s lost its lease (silent for longer than %ss): its task may "
                "run elsewhere now, so it stops at once.",
                self.worker_id,
                self.lease_seconds,
            )
            logging.shutdown()
            os._exit(LEASE_LOST)
        try:
            lease.reap(self.lease_seconds)
        except DatabaseError:
            logger.warning("Worker %s could not check for dead workers.", self.worker_id)
            connection.close()

    def stop(self):
        self.stopped.set()
        self.join(timeout=10)


class LeasedWorker(Worker):
    """django-tasks-db's worker, holding a lease for as long as it runs."""

    def __init__(self, *, lease_seconds, **options):
        super().__init__(**options)
        self.lease_seconds = lease_seconds

    def run(self):
        lease.register(self.worker_id, self.queue_names)
        # The dead found at start-up go back to the queue before this worker
        # looks for work.
        lease.reap(self.lease_seconds)
        heart = Heart(self.worker_id, self.lease_seconds)
        heart.start()
        try:
            super().run()
        finally:
            heart.stop()
            lease.release(self.worker_id)

    def run_task(self, db_task_result):
        super().run_task(db_task_result)
        if (
            not self.running
            and db_task_result.status == TaskResultStatus.FAILED
            and db_task_result.exception_class_path in _INTERRUPTIONS
        ):
            lease.requeue(db_task_result)
