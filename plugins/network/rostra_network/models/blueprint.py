"""The blueprint every candidate site starts from.

Its locked brand fields are clones of the site settings they drive (branding,
footer, legal notice), so each candidate site's settings follow them; the
local defaults only seed a new site's pages, which then belong to the candidate.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from rostra.pages.blocks import CampaignStreamBlock
from rostra.sitesettings.models import BrandSettings, LegalNoticeSettings, NavigationSettings
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField

from rostra_network.forms import BlueprintForm

# Settings model → fields the blueprint locks on every candidate site. The
# main menu is not here: it links each site's own pages.
LOCKED_FIELDS = {
    BrandSettings: (
        "organisation_name",
        "tagline",
        "tagline_translations",
        "logo",
        "theme",
        "primary_colour",
        "accent_colour",
    ),
    NavigationSettings: ("footer_menu", "footer_text", "social_links"),
    LegalNoticeSettings: (
        "publisher_name",
        "publisher_status",
        "publisher_address",
        "publisher_email",
        "publisher_phone",
        "publication_director",
        "host_name",
        "host_address",
        "host_phone",
        "data_protection_contact",
        "additional_text",
    ),
}


_BLANK = _("Leave empty for the usual title, in the site's language.")


@register_setting(icon="copy")
class Blueprint(BaseGenericSetting):
    # Local blocks: what a new site's pages start with; the candidate edits them.
    home_body = StreamField(
        CampaignStreamBlock(),
        blank=True,
        verbose_name=_("home page content"),
        help_text=_("Blocks each new candidate home page starts with; candidates edit them."),
    )
    candidate_title = models.CharField(
        _("title of the candidate's page"), max_length=120, blank=True, help_text=_BLANK
    )
    candidate_intro = models.TextField(_("introduction of the candidate's page"), blank=True)
    news_title = models.CharField(
        _("title of the news section"), max_length=120, blank=True, help_text=_BLANK
    )
    legal_title = models.CharField(
        _("title of the legal notice page"), max_length=120, blank=True, help_text=_BLANK
    )
    # Locked: shown on every candidate home page, edited only here.
    party_news = models.ForeignKey(
        "pages.NewsIndexPage",
        verbose_name=_("party news feed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The national news section whose latest articles every candidate shows."),
    )

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    base_form_class = BlueprintForm

    class Meta:
        verbose_name = _("Candidate blueprint")

    def __str__(self):
        return str(self._meta.verbose_name)

    def locked_values(self, model):
        return {name: getattr(self, _attname(self, name)) for name in LOCKED_FIELDS[model]}


def _attname(instance, name):
    return instance._meta.get_field(name).attname


def _add_locked_fields():
    """Clone each locked settings field onto the blueprint (same name, same rules)."""
    for model, names in LOCKED_FIELDS.items():
        for name in names:
            if name != "logo":  # a relation cannot be cloned before models load
                Blueprint.add_to_class(name, model._meta.get_field(name).clone())


_add_locked_fields()

Blueprint.panels = [
    HelpPanel(
        content=_(
            "Every candidate site is created from this blueprint. Locked elements "
            "(branding, footer, legal notice, party news) are the same on every "
            "candidate site: saving here updates them all. Local blocks only seed a new "
            "site; candidates then edit their own pages and nothing here overwrites them. "
            "Each plugin's pages (a petition, a donation page…) have their own "
            "“Candidate blueprint” screen under Settings."
        )
    ),
    MultiFieldPanel(
        [FieldPanel(name) for name in LOCKED_FIELDS[BrandSettings]],
        heading=_("Locked: header and colours"),
    ),
    MultiFieldPanel(
        [FieldPanel(name) for name in LOCKED_FIELDS[NavigationSettings]],
        heading=_("Locked: footer"),
    ),
    MultiFieldPanel(
        [FieldPanel(name) for name in LOCKED_FIELDS[LegalNoticeSettings]],
        heading=_("Locked: legal notice"),
    ),
    FieldPanel("party_news", heading=_("Locked: party news feed")),
    MultiFieldPanel(
        [
            FieldPanel("home_body"),
            FieldPanel("candidate_title"),
            FieldPanel("candidate_intro"),
            FieldPanel("news_title"),
            FieldPanel("legal_title"),
        ],
        heading=_("Local blocks: the pages a new site starts with"),
    ),
]
