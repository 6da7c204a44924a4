from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """One running task worker (manage.py run_worker) and when it last showed it
    was alive. A worker whose heartbeat is older than the lease is taken as dead:
    its running tasks go back to the queue (rostra.worker.lease)."""

    # django-tasks-db records this id in the task results the worker claims.
    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    queues = models.CharField(_("queues"), max_length=255)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process"))
    started_at = models.DateTimeField(_("started"))
    beat_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("task worker heartbeat")
        verbose_name_plural = _("task worker heartbeats")

    def __str__(self):
        return f"{self.worker_id} ({self.hostname}, pid {self.pid})"
