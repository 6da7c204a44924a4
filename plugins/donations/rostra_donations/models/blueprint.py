"""The donations plugin's part of the candidate blueprint (rostra.blueprint)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="pick")
class DonationBlueprint(BaseGenericSetting):
    with_page = models.BooleanField(
        _("a donation page"),
        default=True,
        help_text=_("Created on each new candidate site where donations are switched on."),
    )
    title = models.CharField(
        _("title of the donation page"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty for the usual title, in the site's language."),
    )

    panels = [
        HelpPanel(
            content=_(
                "The donation page every new candidate site starts with. Gifts reach "
                "the candidate once their financial agent's account is set up."
            )
        ),
        FieldPanel("with_page"),
        FieldPanel("title"),
    ]

    class Meta:
        verbose_name = _("Candidate blueprint: donation page")

    def __str__(self):
        return str(self._meta.verbose_name)
