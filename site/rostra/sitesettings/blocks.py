"""Blocks used by the navigation and footer settings."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

SOCIAL_NETWORKS = [
    ("mastodon", "Mastodon"),
    ("bluesky", "Bluesky"),
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("x", "X"),
    ("youtube", "YouTube"),
    ("tiktok", "TikTok"),
    ("linkedin", "LinkedIn"),
    ("peertube", "PeerTube"),
    ("telegram", "Telegram"),
    ("whatsapp", "WhatsApp"),
    ("rss", _("RSS feed")),
]


class LinkValue(blocks.StructValue):
    @property
    def href(self):
        page = self.get("page")
        if page:
            from rostra.pages.serving import localized, page_url

            return page_url(localized(page))
        return self.get("url") or ""

    @property
    def text(self):
        from rostra.pages.serving import localized

        page = self.get("page")
        return self.get("label") or (localized(page).title if page else self.get("url", ""))


class MenuLinkBlock(blocks.StructBlock):
    """A menu entry: an internal page (followed when renamed or moved) or an address."""

    label = blocks.CharBlock(
        label=_("Label"), required=False, help_text=_("Defaults to the page's title.")
    )
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or an address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": ValidationError(_("Choose a page or give an address, not both."))
                }
            )
        if value.get("url") and not value.get("label"):
            raise blocks.StructBlockValidationError(
                block_errors={"label": ValidationError(_("A link to an address needs a label."))}
            )
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue
        label = _("Link")


class SocialLinkValue(blocks.StructValue):
    @property
    def label(self):
        return dict(SOCIAL_NETWORKS).get(self.get("network"), self.get("network"))


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(choices=SOCIAL_NETWORKS, label=_("Network"))
    url = blocks.URLBlock(label=_("Address of the profile"))

    class Meta:
        icon = "site"
        label = _("Social link")
        value_class = SocialLinkValue
