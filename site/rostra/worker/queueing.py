"""Queueing tasks with the change that calls for them."""

from django.db import connection, transaction
from django.tasks import task_backends
from django_tasks_db.backend import DatabaseBackend


def with_commit(queue):
    """Call ``queue`` (a function that enqueues tasks) so that its tasks are
    stored if and only if the current transaction commits.

    With the database queue the tasks are rows of this database: queued now,
    inside the transaction, they commit with the change. ``on_commit`` would
    queue them a moment after the commit, and a process killed in that moment
    lost them for good (a donation paid and never acknowledged, a batch
    queued and never run). Other queues get them once the change is committed.
    """
    if connection.in_atomic_block and isinstance(task_backends["default"], DatabaseBackend):
        queue()
    else:
        transaction.on_commit(queue)
