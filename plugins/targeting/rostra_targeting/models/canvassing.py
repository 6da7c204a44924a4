"""Walk lists and door outcomes.

A walk list is made from the electoral list (its addresses, its voters per
address) and goes with it; where no list covers the station, from INSEE's
register of addresses (no name, so nothing to delete with a list). A door
outcome is kept per address and polling station, never tied to a named
voter: a conversation may reveal a political opinion. Each outcome carries
the id the canvasser's phone gave it, so a queue synchronised twice, or out
of order, counts each door once."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rostra_targeting.models.electoral_list import ElectoralList


class WalkList(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011
    electoral_list = models.ForeignKey(
        ElectoralList, null=True, blank=True, on_delete=models.CASCADE, related_name="walk_lists"
    )
    # The station's commune, for scoping (a walk list from the register has no list).
    commune_code = models.CharField(_("INSEE commune code"), max_length=5, db_index=True)
    strategy = models.ForeignKey(
        "targeting.Strategy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    station_code = models.CharField(_("polling station"), max_length=16, db_index=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("walk list")
        verbose_name_plural = _("walk lists")
        ordering = ["rank", "station_code"]

    def __str__(self):
        return _("Walk list of %(station)s") % {"station": self.station_code}

    def save(self, *args, **kwargs):
        self.commune_code = self.commune_code or commune_of(self.station_code)
        super().save(*args, **kwargs)

    @property
    def from_register(self):
        return self.electoral_list_id is None


def commune_of(station_code):
    """INSEE's commune code of a station code such as ``69383_0101``."""
    return station_code.split("_", 1)[0][:5]


class DoorVisit(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Outcome(models.TextChoices):
        NOT_IN = "not_in", _("Not in")
        TALKED = "talked", _("Talked")
        NOT_INTERESTED = "not_interested", _("Not interested")
        FAVOURABLE = "favourable", _("Favourable")
        VOLUNTEER = "volunteer", _("Wants to volunteer")
        NEWS = "news", _("Wants news")

    client_id = models.UUIDField(unique=True)  # given by the phone: the sync's idempotency key
    walk_list = models.ForeignKey(
        WalkList, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    station_code = models.CharField(_("polling station"), max_length=16, db_index=True)
    street = models.CharField(_("street"), max_length=200)
    house_number = models.CharField(_("number"), max_length=12, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    canvasser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    visited_at = models.DateTimeField(_("visited at"))
    synced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("door visit")
        verbose_name_plural = _("door visits")

    def __str__(self):
        return f"{self.station_code} {self.house_number} {self.street}: {self.outcome}"

    @property
    def address(self):
        return (self.station_code, self.street, self.house_number)
