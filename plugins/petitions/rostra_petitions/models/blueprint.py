"""The petitions plugin's part of the candidate blueprint (rostra.blueprint)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

_BLANK = _("Leave empty for the usual title, in the site's language.")


@register_setting(icon="list-ul")
class PetitionBlueprint(BaseGenericSetting):
    with_page = models.BooleanField(
        _("a petition page"),
        default=True,
        help_text=_("Created on each new candidate site where petitions are switched on."),
    )
    title = models.CharField(
        _("title of the petition"), max_length=200, blank=True, help_text=_BLANK
    )
    intro = models.TextField(_("summary of the petition"), blank=True, max_length=600)

    panels = [
        HelpPanel(content=_("The petition page every new candidate site starts with.")),
        FieldPanel("with_page"),
        FieldPanel("title"),
        FieldPanel("intro"),
    ]

    class Meta:
        verbose_name = _("Candidate blueprint: petition")

    def __str__(self):
        return str(self._meta.verbose_name)
