"""The block library a party webmaster builds campaign pages with."""

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from rostra.pages import video
from rostra.sitesettings.blocks import LinkValue


class ButtonBlock(blocks.StructBlock):
    """A call-to-action link to a page or an address."""

    label = blocks.CharBlock(label=_("Button text"), max_length=60)
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
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue
        template = "pages/blocks/button.html"
        label = _("Button")


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=400)
    image = ImageBlock(label=_("Background image"), required=False)
    button = ButtonBlock(label=_("Call to action"), required=False)

    class Meta:
        icon = "pick"
        template = "pages/blocks/hero.html"
        label = _("Hero")


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    credit = blocks.CharBlock(label=_("Credit"), required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "pages/blocks/figure.html"
        label = _("Image with caption")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"), max_length=600)
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=120)
    role = blocks.CharBlock(label=_("Their role"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "pages/blocks/quote.html"
        label = _("Quote")


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=400)
    button = ButtonBlock(label=_("Button"))
    emphasis = blocks.ChoiceBlock(
        label=_("Colour"),
        choices=[("primary", _("Main colour")), ("accent", _("Accent colour"))],
        default="primary",
    )

    class Meta:
        icon = "pick"
        template = "pages/blocks/call_to_action.html"
        label = _("Call-to-action banner")


class ColumnContentBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), max_length=120, template="pages/blocks/column_heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=["bold", "italic", "link", "ol", "ul"],
        template="pages/blocks/rich_text.html",
    )
    image = FigureBlock()
    button = ButtonBlock()

    class Meta:
        label = _("Column")


class ColumnsBlock(blocks.StructBlock):
    columns = blocks.ListBlock(ColumnContentBlock(), min_num=2, max_num=4, label=_("Columns"))

    class Meta:
        icon = "table"
        template = "pages/blocks/columns.html"
        label = _("Columns")


class LatestNewsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    count = blocks.IntegerBlock(label=_("How many articles"), default=3, min_value=1, max_value=12)
    news_index = blocks.PageChooserBlock(
        label=_("From this news section"),
        page_type="pages.NewsIndexPage",
        required=False,
        help_text=_("Leave empty for the latest news of the whole site."),
    )

    def get_context(self, value, parent_context=None):
        from rostra.pages.models import NewsArticlePage

        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        page = (parent_context or {}).get("page")
        from rostra.pages.serving import site_of, translated_root

        articles = NewsArticlePage.objects.live().public()
        locale_id = getattr(page, "locale_id", None) if page is not None else None
        if value.get("news_index"):
            articles = articles.child_of(value["news_index"])
        else:
            site = None
            if page is not None:
                site = site_of(page, request) if page.pk else None
            elif request is not None:
                from wagtail.models import Site

                site = Site.find_for_request(request)
            if site is not None:
                # The articles in the page's language live under the home page's
                # translation, not under the site's root (the French home page).
                articles = articles.descendant_of(translated_root(site, locale_id))
        if locale_id:
            articles = articles.filter(locale_id=locale_id)
        context["articles"] = articles.order_by("-date", "-first_published_at").select_related(
            "image"
        )[: value["count"]]
        return context

    class Meta:
        icon = "list-ul"
        template = "pages/blocks/latest_news.html"
        label = _("Latest news")


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("Video address"), help_text=video.SUPPORTED_HELP)
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=200,
        help_text=_("Read by screen readers and shown on the button."),
    )
    transcript = blocks.TextBlock(label=_("Transcript or description"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if video.parse(value.get("url")) is None:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("This is not a YouTube, Vimeo or Dailymotion video address.")
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["video"] = video.parse(value.get("url"))
        # Ties the play button to the video's title (two videos may share one).
        context["title_id"] = f"video-title-{uuid.uuid4().hex[:8]}"
        return context

    class Meta:
        icon = "media"
        template = "pages/blocks/video.html"
        label = _("Video (loads only on click)")


def rich_text_block():
    return blocks.RichTextBlock(
        label=_("Text"),
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link", "hr"],
        template="pages/blocks/rich_text.html",
    )


class CampaignStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    rich_text = rich_text_block()
    image = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    columns = ColumnsBlock()
    latest_news = LatestNewsBlock()
    video = VideoBlock()

    class Meta:
        block_counts = {"hero": {"max_num": 1}}


class ArticleStreamBlock(blocks.StreamBlock):
    """News articles: the same library without the page-level hero and news list."""

    rich_text = rich_text_block()
    image = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    columns = ColumnsBlock()
    video = VideoBlock()
