"""A national page (news article or petition) pushed to candidate sites: all
of them, or those of one région. The page itself stays the one source of
truth; candidate home pages list it and link to it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rostra.people import territories


def region_choices():
    return [("", _("All candidate sites")), *territories.regions()]


class Syndication(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("national page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    region_code = models.CharField(
        _("pushed to"), max_length=3, blank=True, help_text=_("Empty: every candidate site.")
    )
    created_at = models.DateTimeField(_("pushed"), default=timezone.now)

    class Meta:
        verbose_name = _("pushed national page")
        verbose_name_plural = _("pushed national pages")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "region_code"], name="network_push_once")
        ]

    def __str__(self):
        return str(self.page)

    @property
    def audience(self):
        if not self.region_code:
            return _("All candidate sites")
        return territories.region_name(self.region_code) or self.region_code
