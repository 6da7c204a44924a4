"""Background work, through Django's tasks API."""

import datetime

from django.tasks import task
from django.utils import timezone


def enqueue_after(task, seconds):
    """Queue ``task`` to run ``seconds`` from now, so that the changes arriving
    meanwhile share its run; at once where the queue cannot defer (the inline
    backend of tests and of a single process)."""
    if seconds and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + datetime.timedelta(seconds=seconds))
    return task.enqueue()


# The counter is ahead of emails in the queue: a lagging counter is visible to
# everyone, a confirmation email a few seconds late to one person. It also has a
# queue of its own, which a worker of its own serves in production
# (deploy/systemd/rostra-counter.service), so that it never waits behind a batch
# of emails; any worker started with --queue-name=* runs it too.
COUNTER_PRIORITY = 50
COUNTER_QUEUE = "counting"


@task(priority=COUNTER_PRIORITY, queue_name=COUNTER_QUEUE)
def fold_counts():
    from rostra_petitions import counting

    report = counting.fold()
    return {"deltas": report.deltas if report else 0, "locked_out": report is None}


@task(priority=COUNTER_PRIORITY, queue_name=COUNTER_QUEUE)
def recount_all():
    from rostra_petitions import counting

    drifts = counting.recount()
    return [
        {"petition": drift.petition_id, "online": drift.online, "paper": drift.paper}
        for drift in drifts
    ]


@task()
def send_confirmations():
    """The confirmation emails of new signatures, in batches (confirmations.py)."""
    from rostra_petitions import confirmations

    return {"sent": confirmations.send_waiting()}


@task()
def record_confirmations():
    """Confirmed signatures into the supporter database, in batches (recording.py)."""
    from rostra_petitions import recording

    return {"recorded": recording.record_waiting()}


@task()
def invalidate(invalidation_id):
    from rostra_petitions import invalidation

    return invalidation.run(invalidation_id)


@task()
def retention():
    """Anonymise signatures of petitions closed long enough ago and delete those
    never confirmed (daily)."""
    from rostra_petitions import retention as module

    return {"anonymised": module.run(), "unconfirmed": module.purge_unconfirmed()}


@task()
def import_paper(batch_id):
    """Import a file of paper signatures (progress on the batch's admin page)."""
    from rostra_petitions import paper

    report = paper.run(batch_id)
    return {"imported": report.imported, "skipped": len(report.skipped)}
