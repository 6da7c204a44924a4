"""One import of a results file, of INSEE's register of addresses or of
outlines: its preview, progress and line-numbered errors."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rostra_targeting.models.elections import Election


class ResultsImport(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        PREVIEW = "preview", _("Preview ready")
        # A context of its own: the core's catalogue says "Import" for a bare "Imported".
        DONE = "done", pgettext_lazy("import status", "Imported")
        FAILED = "failed", _("Refused")

    class Kind(models.TextChoices):
        RESULTS = "results", _("Election results")
        REGISTER = "register", _("Register of addresses")
        OUTLINES = "outlines", _("Outlines")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RESULTS)
    # The round a results file is for; none for the register.
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.CASCADE, related_name="imports"
    )
    file = models.FileField(upload_to="targeting/results/")
    filename = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    dry_run = models.BooleanField(default=True)
    # The results file's layout; for outlines, their level (station or commune).
    layout = models.CharField(max_length=20, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # What the file holds or held: stations new/known, results, candidates.
    summary = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)  # [{"line": n, "message": "…"}]
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("results import")
        verbose_name_plural = _("results imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def percent(self):
        if not self.total_rows:
            return 100 if self.status in (self.Status.PREVIEW, self.Status.DONE) else 0
        return min(100, 100 * self.rows_done // self.total_rows)
