"""Per-site settings: branding and theme, navigation and footer, the legal
notice ("mentions légales") and which plugins are switched on."""

import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField

from rostra import plugins
from rostra.sitesettings.blocks import MenuLinkBlock, SocialLinkBlock
from rostra.sitesettings.forms import BrandSettingsForm, PluginSettingsForm

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def validate_colour(value):
    if not _HEX_COLOUR.match(value or ""):
        raise ValidationError(_("Give a colour as # followed by six hex digits, e.g. #1d3b8b."))


def default_theme():
    from django.conf import settings

    return settings.ROSTRA_DEFAULT_THEME


@register_setting(icon="palette")
class BrandSettings(BaseSiteSetting):
    organisation_name = models.CharField(
        _("name of the party or campaign"), max_length=120, default="Rostra"
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    # The tagline in each other language of the site ({"en": "..."}): a page in
    # a language it is not written in shows none, rather than the French one.
    tagline_translations = models.JSONField(
        _("tagline in other languages"), default=dict, blank=True
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    theme = models.CharField(_("theme"), max_length=60, default=default_theme)
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default="#1d3b8b", validators=[validate_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#c8102e", validators=[validate_colour]
    )

    base_form_class = BrandSettingsForm
    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("tagline"),
        FieldPanel("tagline_translations"),
        FieldPanel("logo"),
        FieldPanel("theme"),
        MultiFieldPanel(
            [FieldPanel("primary_colour"), FieldPanel("accent_colour")],
            heading=_("Colours"),
            help_text=_(
                "Text stays readable whatever you pick: on these colours it is black or "
                "white, and where a colour is used for text it is darkened as needed."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("Branding")

    @classmethod
    def cached_for_site(cls, site):
        """The site's branding, cached across requests (cleared on save)."""
        key = f"rostra:brand:{site.pk}"
        brand = cache.get(key)
        if brand is None:
            brand = cls.objects.filter(site=site).first() or cls(site=site)
            cache.set(key, brand, 300)
        return brand

    @property
    def local_tagline(self):
        """The tagline in the active language (empty when not written in it)."""
        from django.conf import settings
        from django.utils import translation

        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language == settings.LANGUAGE_CODE.split("-")[0]:
            return self.tagline
        return (self.tagline_translations or {}).get(language, "")

    @property
    def version(self):
        """Changes whenever the colours do, so the brand stylesheet's URL does."""
        return f"{self.primary_colour}{self.accent_colour}".replace("#", "")


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    main_menu = StreamField([("link", MenuLinkBlock())], blank=True, verbose_name=_("main menu"))
    footer_menu = StreamField(
        [("link", MenuLinkBlock())], blank=True, verbose_name=_("footer links")
    )
    footer_text = RichTextField(_("footer text"), blank=True, features=["bold", "italic", "link"])
    social_links = StreamField(
        [("social", SocialLinkBlock())], blank=True, verbose_name=_("social networks")
    )

    panels = [
        FieldPanel("main_menu"),
        FieldPanel("footer_menu"),
        FieldPanel("footer_text"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("Navigation and footer")


@register_setting(icon="doc-full")
class LegalNoticeSettings(BaseSiteSetting):
    """What French law (LCEN art. 6-III) requires every site to publish."""

    publisher_name = models.CharField(_("publisher"), max_length=200, blank=True)
    publisher_status = models.CharField(
        _("legal status"),
        max_length=200,
        blank=True,
        help_text=_("E.g. political party (association under the law of 1901)."),
    )
    publisher_address = models.TextField(_("address"), blank=True)
    publisher_email = models.EmailField(_("contact email"), blank=True)
    publisher_phone = models.CharField(_("phone"), max_length=40, blank=True)
    publication_director = models.CharField(
        _("director of publication"), max_length=200, blank=True
    )
    host_name = models.CharField(_("hosting provider"), max_length=200, blank=True)
    host_address = models.TextField(_("hosting provider's address"), blank=True)
    host_phone = models.CharField(_("hosting provider's phone"), max_length=40, blank=True)
    data_protection_contact = models.CharField(
        _("data protection contact"),
        max_length=200,
        blank=True,
        help_text=_("Email or address where people exercise their GDPR rights."),
    )
    additional_text = RichTextField(_("additional text"), blank=True)

    panels = [
        HelpPanel(
            content=_(
                "French law requires every site to name its publisher, director of "
                "publication and host. These details appear on the legal notice page."
            )
        ),
        MultiFieldPanel(
            [
                FieldPanel("publisher_name"),
                FieldPanel("publisher_status"),
                FieldPanel("publisher_address"),
                FieldPanel("publisher_email"),
                FieldPanel("publisher_phone"),
                FieldPanel("publication_director"),
            ],
            heading=_("Publisher"),
        ),
        MultiFieldPanel(
            [FieldPanel("host_name"), FieldPanel("host_address"), FieldPanel("host_phone")],
            heading=_("Host"),
        ),
        FieldPanel("data_protection_contact"),
        FieldPanel("additional_text"),
    ]

    class Meta:
        verbose_name = _("Legal notice")

    @property
    def missing(self):
        """Required items still blank, so the page can say what is missing."""
        required = ["publisher_name", "publisher_address", "publication_director", "host_name"]
        return [
            self._meta.get_field(name).verbose_name for name in required if not getattr(self, name)
        ]


def default_enabled_plugins():
    return sorted(plugins.default_labels())


@register_setting(icon="cogs")
class PluginSettings(BaseSiteSetting):
    enabled = models.JSONField(_("plugins switched on"), default=default_enabled_plugins)

    base_form_class = PluginSettingsForm
    panels = [FieldPanel("enabled")]

    class Meta:
        verbose_name = _("Plugins")

    @classmethod
    def chosen_for(cls, site):
        """The labels the site switched on, or None where it never chose."""
        row = cls.objects.filter(site=site).only("enabled").first()
        return row.enabled if row else None
