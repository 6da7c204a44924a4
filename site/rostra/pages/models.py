"""Campaign page types: home, standard page, news section and article, legal
notice, and the sign-up ("join us") page."""

import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from rostra import themes
from rostra.pages import serving, site_roots
from rostra.pages.blocks import ArticleStreamBlock, CampaignStreamBlock
from rostra.themes import choice


class CampaignPage(Page):
    """Renders with the theme of the site the page belongs to, also in previews."""

    class Meta:
        abstract = True

    def _with_site_theme(self, render, request, *args, site=None, theme=None, **kwargs):
        if theme is None:
            theme = choice.for_site(site or serving.site_of(self, request))
        token = themes._active.set(theme)
        request_token = serving.begin(request)
        try:
            response = render(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response
        finally:
            serving.end(request_token)
            themes.deactivate(token)

    def serve(self, request, *args, **kwargs):
        # The request's site (remembered on the request by Wagtail's routing) is
        # the page's when it is served; previews come from the admin's host.
        site = getattr(request, "_wagtail_site", None)
        return self._with_site_theme(super().serve, request, *args, site=site, **kwargs)

    def serve_preview(self, request, *args, **kwargs):
        return self._with_site_theme(super().serve_preview, request, *args, **kwargs)

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        # Without a cache object Wagtail keeps the list on the page instance, so
        # each page built in a request (a row of the admin's page list) fetched
        # and unpickled every site's root path again: keep it on the request,
        # taken from the process's copy (site_roots).
        if kwargs:
            return super()._get_site_root_paths(cache_object, **kwargs)
        return site_roots.for_request(cache_object or serving.current_request() or self)

    def get_url(self, request=None, current_site=None):
        """Wagtail's ``Page.get_url``, but for the number of sites, which it
        counted for each link over every site's root path (577 on the candidate
        network, ten links a page): kept with the process's copy of the list."""
        if current_site is None and request is not None:
            current_site = Site.find_for_request(request)
        url_parts = self.get_url_parts(request=request)
        if url_parts is None or url_parts[1] is None and url_parts[2] is None:
            return None  # not routable
        site_id, root_url, page_path = url_parts
        holder = request or serving.current_request() or self
        same_site = current_site is not None and site_id == current_site.id
        if same_site or site_roots.site_count(holder) == 1:
            return page_path
        return root_url + page_path

    def _get_relevant_site_root_paths(self, cache_object=None):
        """Wagtail's answer (the root paths of the sites this page is under),
        found by the page's path prefixes instead of a scan of every site's root
        path for each link: with hundreds of candidate sites the scan was most
        of a page's URL building."""
        holder = cache_object or serving.current_request() or self
        found = site_roots.relevant(self.url_path, holder)
        if found is None:
            return super()._get_relevant_site_root_paths(holder)
        return found


class HomePage(CampaignPage):
    body = StreamField(CampaignStreamBlock(), blank=True, verbose_name=_("content"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")


class StandardPage(CampaignPage):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(CampaignStreamBlock(), blank=True, verbose_name=_("content"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    template = "pages/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(CampaignPage):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["pages.NewsArticlePage"]
    template = "pages/news_index_page.html"
    articles_per_page = 12

    class Meta:
        verbose_name = _("news section")

    def articles(self):
        return (
            NewsArticlePage.objects.live()
            .public()
            .child_of(self)
            .order_by("-date", "-first_published_at")
            .select_related("image")
        )

    def get_cached_paths(self):
        """Every page of the list, and one more (an article published or
        removed moves the others along): the shared cache keeps each."""
        pages = -(-self.articles().count() // self.articles_per_page)
        return ["/", *(f"?page={number}" for number in range(2, pages + 2))]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.articles(), self.articles_per_page)
        try:
            context["articles"] = paginator.page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger):
            context["articles"] = paginator.page(1)
        return context


class NewsArticlePage(CampaignPage):
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(
        _("summary"), max_length=400, blank=True, help_text=_("Shown in news lists.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ArticleStreamBlock(), blank=True, verbose_name=_("content"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []
    template = "pages/news_article_page.html"

    class Meta:
        verbose_name = _("news article")


class LegalNoticePage(CampaignPage):
    """The "mentions légales": filled from the site's legal notice settings."""

    body = RichTextField(
        _("additional text"),
        blank=True,
        help_text=_("The publisher and host details come from Settings > Legal notice."),
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    subpage_types = []
    max_count_per_parent = 1
    template = "pages/legal_notice_page.html"

    class Meta:
        verbose_name = _("legal notice")


class JoinPage(RoutablePageMixin, CampaignPage):
    """ "Join us": a sign-up form (email, name, postcode, phone if they wish, and
    the consent to hear from the campaign). Nothing is granted until the address
    is confirmed by the link emailed to it (rostra.pages.joining)."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    consent_wording = models.CharField(
        _("consent wording"),
        max_length=300,
        blank=True,
        help_text=_(
            "The box people tick; its exact words are recorded with their consent. "
            "Leave empty for the usual wording, in the page's language."
        ),
    )
    thank_you_text = models.TextField(
        _("after confirming"),
        blank=True,
        max_length=600,
        help_text=_("Shown once the address is confirmed, under “Welcome!”."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("consent_wording"),
        FieldPanel("thank_you_text"),
    ]
    subpage_types = []
    template = "pages/join_page.html"

    class Meta:
        verbose_name = _("sign-up page")

    def wording(self):
        """The consent's words as shown (and recorded): the page's own, else the usual ones."""
        from rostra.pages import joining

        return self.consent_wording or str(joining.DEFAULT_WORDING)

    def serve(self, request, *args, **kwargs):
        # RoutablePageMixin calls the route's view itself: render it in the site's theme.
        return self._with_site_theme(super().serve, request, *args, **kwargs)

    @path("")
    def join(self, request):
        from rostra.pages import joining

        return joining.join_view(self, request)

    @path("confirm/<int:request_id>/<str:token>/")
    def confirm(self, request, request_id, token):
        from rostra.pages import joining

        return joining.confirm_view(self, request, request_id, token)


class JoinRequest(models.Model):
    """A sign-up waiting for its address to be confirmed. What was typed stays
    here until then (an address someone merely typed changes no one's record),
    and is blanked once confirmed; unconfirmed ones are purged after a week
    (``purge_unconfirmed``)."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    page = models.ForeignKey(
        JoinPage, verbose_name=_("page"), on_delete=models.CASCADE, related_name="requests"
    )
    email = models.EmailField(_("email"), max_length=254)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    postcode = models.CharField(_("postcode"), max_length=16)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=8)
    consent_wording = models.CharField(_("consent wording"), max_length=300)
    token = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up waiting for confirmation")

    def __str__(self):
        return f"{self.page_id}:{self.pk}"

    @classmethod
    def purge_unconfirmed(cls, *, now, dry_run):
        """Delete sign-ups never confirmed within CONFIRM_DAYS (what was typed goes with them)."""
        from rostra.pages.joining import CONFIRM_DAYS

        stale = cls.objects.filter(
            confirmed_at__isnull=True, created_at__lt=now - datetime.timedelta(days=CONFIRM_DAYS)
        )
        if dry_run:
            return stale.count()
        return stale.delete()[0]
