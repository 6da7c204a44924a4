import datetime

from django.utils import timezone
from django_tasks_db.models import DBTaskResult, TaskResultStatus, get_date_max

from rostra.worker.models import Heartbeat


def ago(seconds):
    return timezone.now() - datetime.timedelta(seconds=seconds)


def heartbeat(worker_id, *, silent_for=0):
    return Heartbeat.objects.create(
        worker_id=worker_id,
        queues="*",
        hostname="test",
        pid=1,
        started_at=ago(silent_for + 60),
        beat_at=ago(silent_for),
    )


def task_result(*, running_on=(), started=0, status=None, path="rostra.mail.sending.deliver"):
    """A task result as django-tasks-db stores it; ``running_on``: the workers
    that claimed it, the last one running it now."""
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path=path,
        backend_name="default",
        run_after=get_date_max(),
        status=status or (TaskResultStatus.RUNNING if running_on else TaskResultStatus.READY),
        worker_ids=list(running_on),
        started_at=ago(started) if running_on else None,
    )
