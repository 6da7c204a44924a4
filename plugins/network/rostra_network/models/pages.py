"""Page types of the network: the candidate's home page (local blocks around
the locked party news and the national campaigns pushed to it) and the
national site's directory ("who is my candidate?")."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from rostra.pages.blocks import CampaignStreamBlock
from rostra.pages.models import CampaignPage
from rostra.plugins import PluginPage
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

PARTY_NEWS_COUNT = 3


class CandidateHomePage(PluginPage, CampaignPage):
    body = StreamField(CampaignStreamBlock(), blank=True, verbose_name=_("content"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    template = "network/candidate_home_page.html"

    class Meta:
        verbose_name = _("candidate home page")

    def get_context(self, request, *args, **kwargs):
        from rostra_network import syndication

        context = super().get_context(request, *args, **kwargs)
        preview = getattr(request, "is_preview", False)
        site = (None if preview else Site.find_for_request(request)) or self.get_site()
        context["party_news"] = syndication.party_news(site, PARTY_NEWS_COUNT)
        context["national_campaigns"] = syndication.pushed_to(site)
        context["via"] = syndication.slug_of(site)
        return context


class NetworkDirectoryPage(PluginPage, CampaignPage):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = []
    max_count = 1
    template = "network/directory_page.html"

    class Meta:
        verbose_name = _("candidate directory")

    def get_context(self, request, *args, **kwargs):
        from rostra_network import directory

        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:100]
        context["query"] = query
        context["result"] = directory.search(query) if query else None
        context["candidates"] = directory.listing()
        return context
