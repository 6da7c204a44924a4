"""Acknowledgement PDFs with WeasyPrint.

One renderer per process keeps what is costly to build: the font
configuration, the parsed stylesheet (with its self-hosted fonts) and an
image cache. A year-end batch lays out many acknowledgements as one document
and writes each one's pages as its own PDF (Document.copy), so the per-document
set-up is paid once per batch rather than once per gift.
"""

import functools
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation
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
        """[(ack, pdf bytes)] for many acknowledgements, laid out together."""
        acks = list(acks)
        if not acks:
            return []
        sections = [
            f'<div class="batch-item" id="ack-{index}" lang="{ack.donation.language or "fr"}">'
            f"{body_html(ack)}</div>"
            for index, ack in enumerate(acks)
        ]
        document = HTML(string=document_html(sections)).render(
            stylesheets=[self.stylesheet], font_config=self.font_config, cache=self.image_cache
        )
        pages_of = [[] for _ack in acks]
        current = 0
        for page in document.pages:
            starts = [int(a[4:]) for a in page.anchors if a.startswith("ack-")]
            if starts:
                current = min(starts)
            pages_of[current].append(page)
        return [
            (ack, document.copy(pages).write_pdf())
            for ack, pages in zip(acks, pages_of, strict=True)
        ]


@functools.cache
def renderer():
    return Renderer()
