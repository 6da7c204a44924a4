"""The volunteer page: a form where supporters offer to help, and the
confirmation link it emails (``confirm/?t=<token>``: Wagtail's page URLs hold
letters, digits, ``-`` and ``_`` only, a signed token also ``:``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from rostra.pages.models import CampaignPage
from rostra.plugins import PluginPage
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
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
