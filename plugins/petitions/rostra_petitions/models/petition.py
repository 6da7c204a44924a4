"""The petition page: what editors create and publish like any other page.

It follows Wagtail's form-page pattern (``wagtail.contrib.forms.models.FormMixin``:
``get_form``, ``process_form_submission``, ``render_landing_page``) with a fixed
signing form instead of editor-built fields, and RoutablePageMixin for its
sub-routes: ``thanks/``, ``confirm/<id>/<token>/``, ``count.json``,
``geography/`` (and ``geography.json``) and ``embed/``.
"""

from django.db import models
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rostra import plugins
from rostra.pages.blocks import CampaignStreamBlock
from rostra.pages.models import CampaignPage
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.forms.models import FormMixin
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index


class ThresholdBlock(blocks.StructBlock):
    count = blocks.IntegerBlock(label=_("number of signatures"), min_value=1)
    message = blocks.CharBlock(
        label=_("message shown on the page once reached"), required=False, max_length=300
    )
    alert = blocks.BooleanBlock(
        label=_("email the alert addresses when reached"), required=False, default=True
    )

    class Meta:
        icon = "flag"
        label = _("Threshold")


class PluginSwitchMixin:
    """The site and links of the plugin's pages, looked up once per instance.
    (plugins.PluginPage gates them by the switch this was named for; the
    migrations name it among the bases.)"""

    # A page instance lives for one request: signing asks for its site and full URL
    # several times (switch, consent wording, email link, person source); look them
    # up once. The signing endpoint gives the site it already knows (snapshots.py).
    @cached_property
    def _site(self):
        return super().get_site()

    def get_site(self):
        return self._site

    # The signing endpoint hands over the restrictions it keeps (snapshots.py);
    # Wagtail's serve hook checks them as usual.
    signing_restrictions = None

    def get_view_restrictions(self):
        if self.signing_restrictions is not None:
            return self.signing_restrictions
        return super().get_view_restrictions()

    @cached_property
    def _link_root(self):
        """(the root URL of the page's site, the language of the page's URL), as
        its full URL has them: where and in which language an emailed link to
        one of the plugin's endpoints leads."""
        roots = self._get_relevant_site_root_paths()
        return (roots[0].root_url, roots[0].language_code) if roots else ("", "")

    def get_link_root(self):
        return self._link_root

    @cached_property
    def _full_url(self):
        return super().get_full_url()

    def get_full_url(self, request=None):
        if request is not None:
            return super().get_full_url(request)
        return self._full_url


class PetitionIndexPage(plugins.PluginPage, PluginSwitchMixin, CampaignPage):
    """A section listing the site's open and closed petitions."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["petitions.PetitionPage"]
    template = "petitions/petition_index_page.html"

    class Meta:
        verbose_name = _("petitions section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["petitions"] = (
            PetitionPage.objects.live().public().child_of(self).order_by("-first_published_at")
        )
        return context


class PetitionPage(
    plugins.PluginPage, PluginSwitchMixin, RoutablePageMixin, FormMixin, CampaignPage
):
    intro = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences, shown above the form.")
    )
    target = models.CharField(
        _("addressed to"),
        max_length=200,
        blank=True,
        help_text=_("Who the petition asks: a minister, a mayor, a company…"),
    )
    body = StreamField(CampaignStreamBlock(), blank=True, verbose_name=_("text of the petition"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    goal = models.PositiveIntegerField(_("goal"), default=1000)
    deadline = models.DateTimeField(
        _("closes on"), null=True, blank=True, help_text=_("Leave empty to keep it open.")
    )
    thresholds = StreamField(
        [("threshold", ThresholdBlock())],
        blank=True,
        verbose_name=_("thresholds"),
        help_text=_(
            "When the count reaches one, its message appears on the page and the alert "
            "addresses get an email. If invalid signatures are removed and the count drops "
            "back, the message disappears again."
        ),
    )
    alert_emails = models.CharField(
        _("alert addresses"),
        max_length=500,
        blank=True,
        help_text=_("Staff addresses for threshold alerts, separated by commas."),
    )
    allow_household = models.BooleanField(
        _("allow a second signature per email for another person at the same postcode"),
        default=False,
        help_text=_("For couples or families who share one email address."),
    )
    ask_phone = models.BooleanField(_("ask for a phone number (optional)"), default=True)
    offer_newsletter = models.BooleanField(
        _("offer to subscribe to the campaign's news"), default=True
    )
    thanks_text = models.TextField(
        _("message after signing"),
        blank=True,
        help_text=_("Shown with the instruction to confirm by email."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("target"),
        FieldPanel("body"),
        FieldPanel("image"),
        MultiFieldPanel(
            [FieldPanel("goal"), FieldPanel("deadline"), FieldPanel("thresholds")],
            heading=_("Goal and thresholds"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("ask_phone"),
                FieldPanel("offer_newsletter"),
                FieldPanel("allow_household"),
                FieldPanel("thanks_text"),
                FieldPanel("alert_emails"),
            ],
            heading=_("Signing"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    subpage_types = []
    template = "petitions/petition_page.html"
    landing_page_template = "petitions/petition_thanks.html"
    preview_modes = [("form", _("Petition")), ("landing", _("After signing"))]

    class Meta:
        verbose_name = _("petition")

    # -- state --------------------------------------------------------------

    @cached_property
    def counted_petition_id(self):
        """The page whose signatures, count and thresholds this page shows: the
        original of its translations (the first created). A petition translated
        into English is one petition in two languages: one count, one signature
        per address; each signature keeps its signer's language."""
        if not self.pk:
            return None
        first = (
            PetitionPage.objects.filter(translation_key=self.translation_key)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        return first or self.pk

    def translation_in(self, language):
        """The live translation of this petition in that language (where a
        signer in that language signed), or this page."""
        if self.locale.language_code == language:
            return self
        found = (
            PetitionPage.objects.live()
            .filter(translation_key=self.translation_key, locale__language_code=language)
            .first()
        )
        return found or self

    @cached_property
    def state(self):
        from rostra_petitions.models.counting import PetitionState

        return PetitionState.for_petition(self)

    @property
    def closes_at(self):
        if self.deadline is None:
            return None
        return self.deadline + self.state.deadline_extension

    @property
    def is_closed(self):
        closes_at = self.closes_at
        return bool(self.state.archived_at) or (
            closes_at is not None and timezone.now() >= closes_at
        )

    @property
    def is_open(self):
        return not self.is_closed and not self.state.signing_paused

    def threshold_list(self):
        """[(count, message, alert)] sorted by count."""
        found = [
            (block.value["count"], block.value["message"], block.value["alert"])
            for block in self.thresholds
            if block.block_type == "threshold" and block.value.get("count")
        ]
        return sorted(found)

    def alert_addresses(self):
        return [address.strip() for address in self.alert_emails.split(",") if address.strip()]

    # -- form-page pattern ------------------------------------------------

    def get_form_fields(self):
        return []  # the signing form is fixed (rostra_petitions.forms)

    def get_form_class(self):
        from rostra_petitions.forms import SignatureForm

        return SignatureForm

    def get_form(self, *args, **kwargs):
        kwargs.pop("user", None)
        kwargs.setdefault("page", self)
        return self.get_form_class()(*args, **kwargs)

    def get_submissions(self):
        return self.signatures.all()

    def serve_submissions_list_view(self, request, *args, **kwargs):
        """Wagtail's "Forms" menu lists petitions too: send it to the signatures list."""
        from django.urls import reverse

        return redirect(
            reverse("petitions_signatures:index") + f"?petition={self.counted_petition_id}"
        )

    def process_form_submission(self, form):
        from rostra_petitions import signing

        return signing.sign(self, form, form.request)

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        return self.render(request, template=self.landing_page_template)

    # -- routes -----------------------------------------------------------

    def serve(self, request, *args, **kwargs):
        return self._with_site_theme(super().serve, request, *args, **kwargs)

    @path("")
    def petition(self, request):
        from rostra_petitions import views

        return views.petition(self, request)

    @path("thanks/")
    def thanks(self, request):
        return self.render_landing_page(request)

    @path("confirm/<int:signature_id>/<str:token>/")
    def confirm(self, request, signature_id, token):
        from rostra_petitions import views

        return views.confirm(self, request, signature_id, token)

    @path("confirmed/")
    def confirmed(self, request):
        from rostra_petitions import views

        return views.confirmed(self, request)

    @path("count.json/")
    def count_json(self, request):
        from rostra_petitions import views

        return views.count_json(self, request)

    @path("geography.json/")
    def geography_json(self, request):
        from rostra_petitions import views

        return views.geography_json(self, request)

    @path("geography/")
    def geography(self, request):
        from rostra_petitions import views

        return views.geography(self, request)

    @path("embed/")
    def embed(self, request):
        from rostra_petitions import views

        return views.embed(self, request)

    def get_cached_paths(self):
        # The thank-you pages are shared pages too: a purge (new title, branding,
        # menus) names them with the page.
        return ["/", "thanks/", "confirmed/"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from rostra_petitions import conf, counting

        context["count"] = counting.public_count(self)
        context["reached_thresholds"] = counting.reached_thresholds(self)
        context["count_interval"] = conf.count_interval()
        return context

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return self.render_landing_page(request)
        return self.render(request, context_overrides={"form": self.get_form()})
