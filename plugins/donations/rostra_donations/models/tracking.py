"""Visits to donation pages per source, for the conversion report."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceVisit(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011
    page = models.ForeignKey(
        "donations.DonationPage", on_delete=models.CASCADE, related_name="source_visits"
    )
    day = models.DateField()
    # The refcode, else "utm:<utm_source>", else "" (direct).
    source = models.CharField(max_length=120, blank=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("visits by source")
        constraints = [
            models.UniqueConstraint(fields=["page", "day", "source"], name="donations_visit_once")
        ]

    def __str__(self):
        return f"{self.page_id} {self.day} {self.source}: {self.views}"
