"""The volunteer page: a form where supporters offer to help, and the
confirmation link it emails (``confirm/?t=<token>``: Wagtail's page URLs hold
letters, digits, ``-`` and ``_`` only, a signed token also ``:``); what a
volunteer offered, once confirmed; the plugin's part of the candidate blueprint."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rostra.pages.models import CampaignPage
from rostra.plugins import PluginPage
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Page


# PluginPage first: where the plugin is off for a site, the page type cannot be
# created there and its pages answer 404 (a system check insists).
class VolunteerPage(PluginPage, RoutablePageMixin, CampaignPage):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    coordinator_email = models.EmailField(
        _("coordinator's address"),
        blank=True,
        help_text=_("Told by email of each new volunteer of this site."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("coordinator_email")]
    subpage_types = []
    template = "volunteers/volunteer_page.html"

    class Meta:
        verbose_name = _("volunteer page")

    @path("")
    def offer(self, request):
        from rostra_volunteers import views

        return views.offer(self, request)

    @path("confirm/")
    def confirm(self, request):
        from rostra_volunteers import views

        return views.confirm(self, request, request.GET.get("t", ""))


class Skill(models.TextChoices):
    LEAFLETS = "leaflets", _("Handing out leaflets")
    DOORS = "doors", _("Door-to-door canvassing")
    PHONE = "phone", _("Phoning supporters")
    POLLING = "polling", _("Polling stations on election day")


# A model pointing at a person: declared in personal_data.py (start-up refuses
# it otherwise, rostra.E010), so that the core merges, exports and erases its rows.
class Availability(models.Model):
    """What a volunteer offered, stored once they confirmed their address."""

    # A record, not content: out of Wagtail's reference index (rostra.E011),
    # which would queue a task for every offer saved.
    wagtail_reference_index_ignore = True

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(
        VolunteerPage, null=True, on_delete=models.SET_NULL, related_name="offers"
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=600)
    created_at = models.DateTimeField(_("offered at"), default=timezone.now)

    class Meta:
        verbose_name = _("volunteer offer")
        verbose_name_plural = _("volunteer offers")

    def __str__(self):
        return ", ".join(self.skill_labels()) or str(self._meta.verbose_name)

    def skill_labels(self):
        return [str(Skill(code).label) for code in self.skills if code in Skill.values]


# The plugin's blueprint fields (rostra.blueprint): edited under Settings by the
# party's webmaster, they shape the page every new candidate site starts with.
@register_setting(icon="group")
class VolunteerBlueprint(BaseGenericSetting):
    with_page = models.BooleanField(
        _("a volunteer page"),
        default=True,
        help_text=_("Created on each new candidate site where volunteers are switched on."),
    )
    title = models.CharField(
        _("title of the volunteer page"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty for the usual title, in the site's language."),
    )

    panels = [
        HelpPanel(content=_("The volunteer page every new candidate site starts with.")),
        FieldPanel("with_page"),
        FieldPanel("title"),
    ]

    class Meta:
        verbose_name = _("Candidate blueprint: volunteer page")

    def __str__(self):
        return str(self._meta.verbose_name)
