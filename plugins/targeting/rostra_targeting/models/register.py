"""INSEE's register of polling stations and of the addresses of their voters
(répertoire électoral unique): per address, its polling station and how many
voters' addresses it counts. No name: it says where voters live, not who."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisterAddress(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    commune_code = models.CharField(_("INSEE commune code"), max_length=5, db_index=True)
    station_code = models.CharField(_("polling station"), max_length=16, db_index=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("number"), max_length=12, blank=True)
    voters = models.PositiveIntegerField(_("voters"))

    class Meta:
        verbose_name = _("register address")
        verbose_name_plural = _("register addresses")
        ordering = ["station_code", "street", "house_number"]

    def __str__(self):
        return f"{self.house_number} {self.street} ({self.station_code})".strip()
