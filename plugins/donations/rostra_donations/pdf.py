"""Acknowledgement PDFs with WeasyPrint.

One renderer per process keeps what is costly to build: the font
configuration, the parsed stylesheet (with its self-hosted fonts) and an
image cache. A year-end batch lays out many acknowledgements as one document,
writes it as one PDF and cuts that into one PDF per gift with pypdf. Writing a
PDF is dominated by font subsetting (fontTools, about two thirds of the time
per gift when each is written alone), so the batch subsets its fonts once:
each gift's PDF then carries the glyphs of the whole batch, a few kilobytes
more than its own.
"""

import functools
import io
from pathlib import Path

import pypdf
from django.template.loader import render_to_string
from django.utils import timezone, translation
from pypdf.generic import NameObject, TextStringObject
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from rostra_donations import jurisdictions

FONTS_DIR = Path(__file__).with_name("fonts")
STYLESHEET = "donations/acknowledgements/acknowledgement.css"


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


def body_html(ack):
    """The acknowledgement's own markup, in the donor's language."""
    template = jurisdictions.get(ack.donation.jurisdiction).acknowledgement_template
    with translation.override(ack.donation.language or "fr"):
        return render_to_string(template, context(ack))


def document_html(sections, lang="fr"):
    head = f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"></head>'
    return f"{head}<body>{''.join(sections)}</body></html>"


class Renderer:
    def __init__(self):
        self.font_config = FontConfiguration()
        self.stylesheet = CSS(string=stylesheet_text(), font_config=self.font_config)
        self.image_cache = {}

    def render(self, ack):
        html = document_html([body_html(ack)], ack.donation.language or "fr")
        return HTML(string=html).write_pdf(
            stylesheets=[self.stylesheet], font_config=self.font_config, cache=self.image_cache
        )

    def render_batch(self, acks):
        """[(ack, pdf bytes)] for many acknowledgements, laid out and written together."""
        acks = list(acks)
        if not acks:
            return []
        languages = [ack.donation.language or "fr" for ack in acks]
        sections = [
            f'<div class="batch-item" id="ack-{index}" lang="{language}">{body_html(ack)}</div>'
            for index, (ack, language) in enumerate(zip(acks, languages, strict=True))
        ]
        document = HTML(string=document_html(sections)).render(
            stylesheets=[self.stylesheet], font_config=self.font_config, cache=self.image_cache
        )
        # Each acknowledgement starts on a new page (break-before); a long one
        # may run on: its pages are those up to the next one's anchor.
        pages_of = [[] for _ack in acks]
        current = 0
        for number, page in enumerate(document.pages):
            starts = [int(a[4:]) for a in page.anchors if a.startswith("ack-")]
            if starts:
                current = min(starts)
            pages_of[current].append(number)
        whole = pypdf.PdfReader(io.BytesIO(document.write_pdf()))
        return [
            (ack, _extract(whole, numbers, language))
            for ack, numbers, language in zip(acks, pages_of, languages, strict=True)
        ]


def _extract(whole, numbers, language):
    """The given pages of the batch's PDF as a PDF of their own."""
    writer = pypdf.PdfWriter()
    for number in numbers:
        writer.add_page(whole.pages[number])
    writer.root_object[NameObject("/Lang")] = TextStringObject(language)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@functools.cache
def renderer():
    return Renderer()
