"""Finished task results and sent-email keys are not kept for ever: a task's
arguments hold personal data (an email's address and text, an
acknowledgement's PDF). Run daily by ``manage.py apply_retention``
(rostra.people.retention) after ``ROSTRA_RETENTION_MONTHS["tasks"]`` months
(one by default). Tasks waiting or running are never touched."""

import datetime

from django_tasks_db.models import DBTaskResult, TaskResultStatus

from rostra.mail.models import Delivery

MONTHS = 1


def purge(*, now, dry_run):
    from rostra.people import retention

    months = retention.months().get("tasks", MONTHS)
    cutoff = now - datetime.timedelta(days=round(months * 30.44))
    finished = DBTaskResult.objects.filter(
        status__in=(TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED),
        finished_at__lt=cutoff,
    )
    # A key stays as long as a task that may carry it could still run.
    keys = Delivery.objects.filter(sent_at__lt=cutoff)
    count = finished.count()
    if not dry_run:
        finished.delete()
        keys.delete()
    return count
