"""The blocks a mailing is written with. Each block renders itself twice, as
HTML (inline styles: mail readers drop stylesheets) and as plain text, so the
text part says exactly what the HTML part says.

The card of a page (a petition with its live count, a donation page, an event)
asks the ``mailing_card`` Wagtail hook, called with the page: the plugin that
owns the page type answers with a dict of ``Card``'s fields (title, text,
figure, button), or None; neither plugin imports the other."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.images.blocks import ImageChooserBlock


@dataclass
class Card:
    """What a page shows in a mailing: its title, a line of text, a figure
    ("1 234 signatures") and the label of its button."""

    title: str
    text: str = ""
    figure: str = ""
    button: str = ""


def card_for(page):
    """The first ``mailing_card`` hook's answer for the page, else its title."""
    page = page.specific
    for hook in hooks.get_hooks("mailing_card"):
        card = hook(page)
        if card is not None:
            # A plain dict: the plugin answering imports nothing of this one.
            return Card(**card) if isinstance(card, dict) else card
    return Card(title=page.title, text=getattr(page, "search_description", "") or "")


class TextBlock(blocks.TextBlock):
    """Paragraphs separated by a blank line; links written out are made clickable.
    Personal fields: {{ first_name|default:"Bonjour" }}, {{ last_name }},
    {{ commune }}, {{ candidate_name }}."""

    class Meta:
        icon = "pilcrow"
        label = _("Text")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    link = blocks.URLBlock(label=_("Link"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")


class ButtonBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=80)
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        label = _("Button")


class PageCardBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    button = blocks.CharBlock(
        label=_("Button label"), required=False, max_length=80, help_text=_("Left empty: Read")
    )

    class Meta:
        icon = "doc-full"
        label = _("Page card (petition, donation, event)")


class MailingBody(blocks.StreamBlock):
    text = TextBlock()
    image = ImageBlock()
    button = ButtonBlock()
    card = PageCardBlock()
