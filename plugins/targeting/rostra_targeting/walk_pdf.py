"""Walk lists as PDF (WeasyPrint). A batch is one document, one station per
page: laid out and written once (fonts subset once, one stylesheet parsed once)
instead of once per station — the bench compares the two.

Each side of a street is one preformatted block, a line per address (number,
voters, a rule to write the outcome on) in a monospaced font: a table cell per
figure cost WeasyPrint a box, a style and a table layout each, so a page's
layout took about as long as a whole document's fixed costs and a batch saved
little; as lines, a page lays out about three times faster."""

import functools

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
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
pre { font-family: monospace; font-size: 10pt; line-height: 1.5; margin: 0 0 1mm; }
pre.head { font-size: 8pt; color: #444; }
p.note { font-size: 8pt; color: #444; }
"""
RULE = "_" * 40


@functools.cache
def _shared():
    """One font configuration and one parsed stylesheet per process."""
    fonts = FontConfiguration()
    return fonts, CSS(string=STYLE, font_config=fonts)


def lines(addresses):
    """One side's addresses as text: number, voters and a rule for the outcome."""
    width = max((len(number) for number, _voters in addresses), default=0)
    width = max(width, 6)
    return "\n".join(f"{number:>{width}}  {voters:>4}   {RULE}" for number, voters in addresses)


def html(walk_lists):
    head = f"{_('Number'):>6}  {_('Voters')}   {_('Outcome')}"
    sections = []
    for walk_list in walk_lists:
        streets = [
            {
                "name": street.name,
                "sides": [
                    {"label": side.label, "text": lines(side.addresses)} for side in street.sides
                ],
            }
            for street in canvassing.addresses(walk_list)
        ]
        sections.append({"walk_list": walk_list, "streets": streets})
    return render_to_string("targeting/walk_lists.html", {"sections": sections, "head": head})


def render(walk_lists):
    """One PDF of these walk lists, one station per page."""
    fonts, stylesheet = _shared()
    return HTML(string=html(walk_lists)).write_pdf(stylesheets=[stylesheet], font_config=fonts)
