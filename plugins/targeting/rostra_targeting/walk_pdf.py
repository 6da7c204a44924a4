"""Walk lists as PDF (WeasyPrint). A batch is one document, one station per
page: laid out and written once (fonts subset once, one stylesheet parsed once)
instead of once per station — the bench compares the two."""

import functools

from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from rostra_targeting import canvassing

STYLE = """
@page { size: A4; margin: 14mm; @bottom-right { content: counter(page); font-size: 8pt; } }
body { font-family: sans-serif; font-size: 10pt; }
section { break-after: page; }
section:last-child { break-after: auto; }
h1 { font-size: 14pt; margin: 0 0 2mm; }
h2 { font-size: 11pt; margin: 4mm 0 1mm; border-bottom: 0.5pt solid #444; }
h3 { font-size: 9pt; margin: 2mm 0 1mm; color: #444; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 0.5pt solid #999; padding: 1mm 2mm; text-align: left; }
td.box { width: 14mm; }
p.note { font-size: 8pt; color: #444; }
"""


@functools.cache
def _shared():
    """One font configuration and one parsed stylesheet per process."""
    fonts = FontConfiguration()
    return fonts, CSS(string=STYLE, font_config=fonts)


def html(walk_lists):
    sections = [
        {"walk_list": walk_list, "streets": canvassing.addresses(walk_list)}
        for walk_list in walk_lists
    ]
    return render_to_string("targeting/walk_lists.html", {"sections": sections})


def render(walk_lists):
    """One PDF of these walk lists, one station per page."""
    fonts, stylesheet = _shared()
    return HTML(string=html(walk_lists)).write_pdf(stylesheets=[stylesheet], font_config=fonts)
