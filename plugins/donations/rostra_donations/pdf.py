"""Acknowledgement PDFs: fixed text laid out once, each gift's fields over it.

Laying out text is most of WeasyPrint's time (≈55 % of an acknowledgement
laid out whole, see docs/PERFORMANCE.md), and most of an acknowledgement's
text is the same for every gift of a site, language and jurisdiction. So a
template marks what differs per gift with {% field %} (templatetags/
acknowledgements.py): boxes of fixed size, so the fixed text around them lays
out the same whatever the gift. The renderer lays out and writes the fixed
text once (a *background*, cached by its markup, so any change of wording or
settings makes a new one) and reads where its layout put each box; per gift
it lays out only the fields, in boxes at those places, all the gifts of a
batch in one small document written as one PDF (fonts subset once), then
draws each gift's fields page over its background page: one PDF per gift.

One gift (after it settles, or regenerated from the admin) goes the same way
as a batch of one, so both give the same document.
"""

import contextlib
import functools
import gc
import io
import logging
from collections import OrderedDict
from pathlib import Path

import pypdf
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from rostra_donations import jurisdictions, overlay
from rostra_donations.templatetags.acknowledgements import COLLECTOR

FONTS_DIR = Path(__file__).with_name("fonts")
STYLESHEET = "donations/acknowledgements/acknowledgement.css"
# Smaller sizes tried, in turn, for a field too long for its box (.fit-1…).
FIT_LEVELS = 5
# Distinct backgrounds kept per renderer (sites × languages × variants).
BACKGROUNDS_KEPT = 64


class _OnceOnly(logging.Filter):
    """WeasyPrint says at every PDF that it subsets fonts with fontTools for want
    of HarfBuzz-Subset: once per process tells the administrator as much."""

    NOTICE = "Using fontTools instead of HarfBuzz-Subset"

    def __init__(self):
        super().__init__()
        self.seen = False

    def filter(self, record):
        if not str(record.msg).startswith(self.NOTICE):
            return True
        seen, self.seen = self.seen, True
        return not seen


def quiet_font_notices():
    """Keep the worker's log to what matters: WeasyPrint's real warnings (a bad
    style, a missing image) stay; its repeated notice about font subsetting is
    written once, and fontTools' own subsetting chatter not at all."""
    weasyprint = logging.getLogger("weasyprint")
    if not any(isinstance(item, _OnceOnly) for item in weasyprint.filters):
        weasyprint.addFilter(_OnceOnly())
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def stylesheet_text():
    css = render_to_string(STYLESHEET)
    return css.replace("FONTS_DIR", FONTS_DIR.as_uri())


def context(ack):
    from rostra.sitesettings.models import BrandSettings

    from rostra_donations.models import PaymentSettings

    donation = ack.donation
    settings = PaymentSettings.for_site(donation.site)
    return {
        "ack": ack,
        "donation": donation,
        "organisation": BrandSettings.cached_for_site(donation.site).organisation_name,
        "payment_settings": settings,
        "beneficiary": settings.beneficiary or donation.site.site_name,
        "amount": donation.amount / 100,
        "reduction": donation.amount * 66 // 10000,
        "paid_on": timezone.localtime(donation.paid_at or donation.created_at).date(),
        "issued_on": timezone.localtime(ack.created_at).date(),
    }


def language_of(ack):
    return ack.donation.language or "fr"


def _render_template(ack, collector):
    template = jurisdictions.get(ack.donation.jurisdiction).acknowledgement_template
    with translation.override(language_of(ack)):
        return render_to_string(template, {**context(ack), COLLECTOR: collector})


def body_html(ack):
    """The acknowledgement as one piece of markup, fields in place."""
    return _render_template(ack, None)


def split_html(ack):
    """(markup of the fixed text with empty field boxes, {field: markup})."""
    fields = {}
    return _render_template(ack, fields), fields


def document_html(sections, lang="fr", style=""):
    head = f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
    if style:
        head += f"<style>{style}</style>"
    return f"{head}</head><body>{''.join(sections)}</body></html>"


class Background:
    """The fixed text of acknowledgements, laid out and written once: each
    page as a form XObject to draw under a gift's fields, and where each
    field's box is (page, left, top, width, height in CSS px)."""

    def __init__(self, document, name):
        self.name = name
        self.slots = {}
        for number, page in enumerate(document.pages):
            for anchor, (left, top, right, bottom) in page.anchors.items():
                if anchor.startswith("slot-"):
                    self.slots[anchor[5:]] = (number, left, top, right - left, bottom - top)
        # Where its fields go, as CSS rules (cheaper for WeasyPrint to apply
        # than a style attribute on each box).
        self.css = "".join(
            f".fields>.{name}-{field}{{left:{left}px;top:{top}px;width:{width}px}}"
            for field, (_page, left, top, width, _height) in self.slots.items()
        )
        reader = pypdf.PdfReader(io.BytesIO(document.write_pdf()))
        self.pages = [overlay.as_form(page) for page in reader.pages]


class Renderer:
    """Keeps what is costly to build: the font configuration, the parsed
    stylesheet (with its self-hosted fonts), an image cache, backgrounds."""

    def __init__(self):
        self.font_config = FontConfiguration()
        self.stylesheet = CSS(string=stylesheet_text(), font_config=self.font_config)
        self.image_cache = {}
        self.backgrounds = OrderedDict()
        self.made = 0

    def _layout(self, html):
        return HTML(string=html).render(
            stylesheets=[self.stylesheet], font_config=self.font_config, cache=self.image_cache
        )

    def background(self, html, language):
        key = (html, language)
        if key in self.backgrounds:
            self.backgrounds.move_to_end(key)
        else:
            self.made += 1
            document = self._layout(document_html([html], language))
            self.backgrounds[key] = Background(document, f"bg{self.made}")
            if len(self.backgrounds) > BACKGROUNDS_KEPT:
                self.backgrounds.popitem(last=False)
        return self.backgrounds[key]

    def render(self, ack):
        """One acknowledgement's PDF (bytes)."""
        return self.render_batch([ack])[0][1]

    def render_batch(self, acks):
        """[(ack, pdf bytes)] for many acknowledgements, their fields laid out
        together."""
        return written(self.lay_out(acks))

    def lay_out(self, acks):
        """The gifts' fields laid out together, each over its background
        (items whose ``pages`` are their fields pages in one batch PDF)."""
        items = []
        for ack in acks:
            html, fields = split_html(ack)
            language = language_of(ack)
            items.append(_Item(ack, language, self.background(html, language), fields))
        pending = items
        while pending:
            style = "".join({item.background.css: None for item in pending})
            sections = [item.fields_html(n) for n, item in enumerate(pending)]
            document = self._layout(document_html(sections, style=style))
            reader = pypdf.PdfReader(io.BytesIO(document.write_pdf()))
            anchors = {}
            for number, page in enumerate(document.pages):
                for anchor, position in page.anchors.items():
                    anchors[anchor] = (number, position)
            retry = []
            for n, item in enumerate(pending):
                item.reader = reader
                item.pages = [
                    reader.pages[anchors[f"f{n}-{p}"][0]] for p in range(len(item.background.pages))
                ]
                if item.shrink_overflowing(n, anchors):
                    retry.append(item)
            pending = retry
        return items


def written(items):
    """[(ack, pdf bytes)]: gifts of one batch PDF and background share all
    but their drawing, serialised once (overlay.py)."""
    overlays, results = {}, []
    for item in items:
        key = (id(item.background), id(item.reader))
        if key not in overlays:
            overlays[key] = overlay.Overlay(item.background.pages, item.pages, item.language)
        results.append((item.ack, overlays[key].pdf(item.pages)))
    return results


@contextlib.contextmanager
def cyclic_gc_paused():
    """A batch's layout makes many objects that all live until its PDF is
    written: the cyclic garbage collector would walk them again and again
    (docs/PERFORMANCE.md, "Our own code against a library's", measured side by side). It waits for
    the end of the batch, which then leaves them to it. The setting is the
    whole process's: only the year-end batch (tasks.render_many, run by
    manage.py render_acknowledgements and its worker processes) uses it,
    never the shared worker's tasks."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Item:
    """One gift of a batch: its background, its fields and their fit."""

    def __init__(self, ack, language, background, fields):
        self.ack = ack
        self.language = language
        self.background = background
        self.fields = fields
        self.fit = dict.fromkeys(fields, 0)
        self.pages = []
        self.reader = None

    def fields_html(self, n):
        """One section per background page, each field's box where the
        background has it, as wide but as high as its text (to see whether
        the text fits)."""
        sections = []
        for p in range(len(self.background.pages)):
            boxes = []
            for name, content in self.fields.items():
                if self.background.slots[name][0] != p:
                    continue
                boxes.append(
                    format_html(
                        '<div class="slot slot--{} {}-{} fit-{}" id="f{}-{}">{}</div>',
                        name,
                        self.background.name,
                        name,
                        self.fit[name],
                        n,
                        name,
                        content,
                    )
                )
            sections.append(
                f'<section class="fields" id="f{n}-{p}" lang="{self.language}">'
                f"{''.join(boxes)}</section>"
            )
        return "".join(sections)

    def shrink_overflowing(self, n, anchors):
        """Set the fields whose text ran past their box one size smaller;
        whether any was (the item then needs laying out again)."""
        again = False
        for name in self.fields:
            _number, (_left, top, _right, bottom) = anchors[f"f{n}-{name}"]
            if bottom - top > self.background.slots[name][4] + 0.01 and self.fit[name] < FIT_LEVELS:
                self.fit[name] += 1
                again = True
        return again


@functools.cache
def renderer():
    return Renderer()
