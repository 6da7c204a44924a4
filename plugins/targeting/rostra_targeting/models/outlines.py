"""Outlines of polling stations or communes, imported from GeoJSON as published
(optional: without them the map shows communes as squares)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outline(models.Model):
    class Level(models.TextChoices):
        STATION = "station", _("Polling station")
        COMMUNE = "commune", _("Commune")

    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    code = models.CharField(_("code"), max_length=16)
    # [[[lon, lat], ...], ...]: the outer rings of the (multi)polygon.
    rings = models.JSONField()

    class Meta:
        verbose_name = _("outline")
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="targeting_one_outline")
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.code}"
