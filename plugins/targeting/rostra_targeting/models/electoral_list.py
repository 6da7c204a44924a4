"""The electoral list (liste électorale) a candidate obtained from a town hall
or prefecture: for that election only, seen by few, every access logged,
deleted after the election (docs/targeting.md). Nothing here points at a
person of the supporter database, and nothing copies a voter into it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rostra_targeting.models.elections import Election


class ElectoralList(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011
    election = models.ForeignKey(
        Election,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("obtained for the election"),
    )
    commune_code = models.CharField(_("INSEE commune code"), max_length=5, db_index=True)
    obtained_on = models.DateField(_("obtained on"), default=timezone.localdate)
    delete_after = models.DateField(
        _("deleted after"),
        help_text=_("By default six months after the election's last round."),
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("electoral list")
        verbose_name_plural = _("electoral lists")
        ordering = ["commune_code", "-loaded_at"]
        permissions = [
            ("use_electoral_list", _("Can load, see and export the electoral list")),
        ]

    def __str__(self):
        return _("Electoral list of %(commune)s for %(election)s") % {
            "commune": self.commune_code,
            "election": self.election,
        }


class Voter(models.Model):
    """One line of the list: a name and an address, placed in its polling station."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    electoral_list = models.ForeignKey(
        ElectoralList, on_delete=models.CASCADE, related_name="voters"
    )
    station_code = models.CharField(_("polling station"), max_length=16, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    house_number = models.CharField(_("number"), max_length=12, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("voter")
        ordering = ["station_code", "street", "house_number"]

    def __str__(self):
        return self.name


class ListAccess(models.Model):
    """Who loaded, saw, exported or deleted a list, when (kept after the list is gone)."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Action(models.TextChoices):
        LOAD = "load", _("loaded")
        VIEW = "view", _("viewed")
        EXPORT = "export", _("exported")
        WALK = "walk", _("walk lists printed")
        DELETE = "delete", _("deleted")
        REMIND = "remind", _("deletion reminder sent")

    electoral_list = models.ForeignKey(
        ElectoralList, null=True, on_delete=models.SET_NULL, related_name="accesses"
    )
    list_label = models.CharField(max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=8, choices=Action.choices)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("electoral list access")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.list_label}"
