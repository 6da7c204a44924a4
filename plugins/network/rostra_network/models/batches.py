"""A bulk provisioning run from the admin, followed by a progress bar."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProvisioningBatch(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Creating the sites")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Stopped by an error")

    filename = models.CharField(_("file"), max_length=255)
    content = models.TextField(_("content"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)

    class Meta:
        verbose_name = _("bulk provisioning")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def percent(self):
        return 100 if not self.total else min(100, 100 * self.done // self.total)

    @property
    def running(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def count(self, status):
        return sum(1 for row in self.report if row["status"] == status)
