"""The ranking as a map, drawn here as SVG (no tiles, nothing fetched): polling
stations' outlines when imported, else communes' outlines, else each commune
as a square in a grid. Five shades, from the lowest score to the highest."""

import json
import math

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from rostra_targeting.models import Outline

SHADES = ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"]
WIDTH, HEIGHT = 640, 480


def _shade(value, values):
    """The shade of ``value`` by its place among the scores: the lowest gets
    the lightest, the highest the darkest."""
    if len(values) < 2:
        return SHADES[-1]
    below = sum(1 for other in values if other < value)
    return SHADES[round(4 * below / (len(values) - 1))]


def _by_commune(rows):
    """commune code → (name, best score of its stations)."""
    communes = {}
    for row in rows:
        name, best = communes.get(row.commune_code, (row.commune_name, -math.inf))
        communes[row.commune_code] = (name, max(best, row.total))
    return communes


def draw(rows):
    if not rows:
        return ""
    outlines = dict(
        Outline.objects.filter(
            level=Outline.Level.STATION, code__in=[row.code for row in rows]
        ).values_list("code", "rings")
    )
    if outlines:
        values = [row.total for row in rows]
        shapes = [
            (outlines[row.code], _shade(row.total, values), f"{row.rank}. {row.code}")
            for row in rows
            if row.code in outlines
        ]
        return _polygons(shapes)
    communes = _by_commune(rows)
    values = [best for _name, best in communes.values()]
    outlines = dict(
        Outline.objects.filter(level=Outline.Level.COMMUNE, code__in=list(communes)).values_list(
            "code", "rings"
        )
    )
    if outlines:
        shapes = [
            (outlines[code], _shade(best, values), name or code)
            for code, (name, best) in communes.items()
            if code in outlines
        ]
        return _polygons(shapes)
    return _grid(communes, values)


def _polygons(shapes):
    points = [point for rings, *_rest in shapes for ring in rings for point in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    # Longitude shrinks with latitude: an equirectangular projection at the middle.
    squeeze = math.cos(math.radians((north + south) / 2))
    span_x, span_y = max((east - west) * squeeze, 1e-9), max(north - south, 1e-9)
    scale = min(WIDTH / span_x, HEIGHT / span_y)
    paths = []
    for rings, colour, label in shapes:
        data = " ".join(
            "M"
            + " L".join(
                f"{(x - west) * squeeze * scale:.1f},{(north - y) * scale:.1f}" for x, y in ring
            )
            + " Z"
            for ring in rings
        )
        paths.append(
            f'<path d="{data}" fill="{colour}" stroke="#555" stroke-width="0.5">'
            f"<title>{escape(label)}</title></path>"
        )
    return _svg(span_x * scale, span_y * scale, "".join(paths))


def _grid(communes, values):
    size, gap = 56, 4
    columns = max(1, min(10, math.ceil(math.sqrt(len(communes)))))
    cells = []
    for index, (code, (name, best)) in enumerate(sorted(communes.items())):
        x, y = (index % columns) * (size + gap), (index // columns) * (size + gap)
        cells.append(
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" fill="{_shade(best, values)}" '
            f'stroke="#555" stroke-width="0.5"><title>{escape(name or code)}</title></rect>'
            f'<text x="{x + 3}" y="{y + size - 4}" font-size="9">{escape(code)}</text>'
        )
    rows = math.ceil(len(communes) / columns)
    note = _("No outlines imported: each commune is a square.")
    return _svg(columns * (size + gap), rows * (size + gap), "".join(cells), note)


def _svg(width, height, body, note=""):
    label = escape(note or _("Map of the scores"))
    return mark_safe(  # noqa: S308 - every text inside is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{min(width, WIDTH):.0f}">{body}</svg>'
        + (f"<p>{escape(note)}</p>" if note else "")
    )


def rings_of(geometry):
    """The outer rings of a GeoJSON Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    raise ValueError(geometry["type"])


CODE_PROPERTIES = {
    Outline.Level.STATION: ("codeBureauVote", "code_bv", "id_bv", "code"),
    Outline.Level.COMMUNE: ("code", "codgeo", "INSEE_COM", "insee"),
}


def import_geojson(data, level):
    """Store the outlines of a GeoJSON FeatureCollection; returns how many."""
    features = json.loads(data)["features"]
    outlines = []
    for feature in features:
        properties = feature.get("properties") or {}
        code = next(
            (properties[name] for name in CODE_PROPERTIES[level] if properties.get(name)), ""
        )
        if code and feature.get("geometry"):
            outlines.append(
                Outline(level=level, code=str(code), rings=rings_of(feature["geometry"]))
            )
    Outline.objects.bulk_create(
        outlines, update_conflicts=True, unique_fields=["level", "code"], update_fields=["rings"]
    )
    return len(outlines)
