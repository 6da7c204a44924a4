"""The blocks a mailing is written with. Each block renders itself twice, as
HTML (inline styles: mail readers drop stylesheets) and as plain text, so the
text part says exactly what the HTML part says.

The card of a page (a petition with its live count, a donation page, an event)
asks the ``mailing_card`` Wagtail hook, called with the page: the plugin that
owns the page type answers with a dict of ``Card``'s fields (title, text,
figure, button), or None; neither plugin imports the other."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
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
    #: What the page is, for the cards that need one kind: "donation", "event".
    kind: str = ""
    #: A donation page's address with a preset amount, "{amount}" in euros.
    amount_url: str = ""


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


def parse_amounts(text):
    """ "10, 20, 50" → [10, 20, 50]: whole euros, at most six."""
    amounts = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip().removesuffix("€").strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= 100_000:
            raise ValueError(part)
        amounts.append(int(part))
    return amounts[:6]


class _KindCardBlock(blocks.StructBlock):
    """A card of one kind of page: the page's plugin must answer the
    ``mailing_card`` hook with that ``kind`` (none answers when it is off)."""

    kind = ""
    wrong_page = ""

    def clean(self, value):
        value = super().clean(value)
        page = value.get("page")
        if page is not None and card_for(page).kind != self.kind:
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(str(self.wrong_page))}
            )
        return value


class DonationCardBlock(_KindCardBlock):
    page = blocks.PageChooserBlock(label=_("Donation page"))
    amounts = blocks.CharBlock(
        label=_("Preset amounts (€)"),
        max_length=60,
        default="10, 20, 50",
        help_text=_("Whole euros, separated by commas: one button each."),
    )

    kind = "donation"
    wrong_page = _("Choose a donation page.")

    def clean(self, value):
        value = super().clean(value)
        try:
            parse_amounts(value.get("amounts"))
        except ValueError:
            raise blocks.StructBlockValidationError(
                block_errors={"amounts": ValidationError(_("Whole euros, separated by commas."))}
            ) from None
        return value

    class Meta:
        icon = "tag"
        label = _("Donation card")


class EventCardBlock(_KindCardBlock):
    page = blocks.PageChooserBlock(label=_("Event"))
    button = blocks.CharBlock(
        label=_("Button label"), required=False, max_length=80, help_text=_("Left empty: RSVP")
    )

    kind = "event"
    wrong_page = _("Choose an event (the organising plugin's pages).")

    class Meta:
        icon = "date"
        label = _("Event card")


class MailingBody(blocks.StreamBlock):
    text = TextBlock()
    image = ImageBlock()
    button = ButtonBlock()
    card = PageCardBlock()
    donation = DonationCardBlock()
    event = EventCardBlock()
