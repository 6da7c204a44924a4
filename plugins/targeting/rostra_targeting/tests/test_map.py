"""The map is SVG drawn here: outlines when imported, squares otherwise."""

import json

from rostra_targeting import map_svg
from rostra_targeting.models import Outline
from rostra_targeting.scoring import Row


def _row(code, commune, total, rank):
    return Row(0, code, commune, f"C{commune}", code[-4:], "", 100, total=total, rank=rank)


def _square(x, y):
    return [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]]


ROWS = [
    _row("69383_0101", "69383", 2.0, 1),
    _row("69383_0102", "69383", 1.0, 2),
    _row("01004_0001", "01004", 0.0, 3),
]


def test_without_outlines_each_commune_is_a_square(db):
    svg = map_svg.draw(ROWS)
    assert svg.count("<rect") == 2 and "No outlines imported" in svg
    assert f'fill="{map_svg.SHADES[-1]}"' in svg  # Lyon's best station ranks first


def test_station_outlines_from_geojson_make_a_choropleth(db):
    features = [
        {
            "type": "Feature",
            "properties": {"codeBureauVote": code},
            "geometry": {"type": "Polygon", "coordinates": _square(4.85 + i / 100, 45.75)},
        }
        for i, code in enumerate(["69383_0101", "69383_0102"])
    ]
    count = map_svg.import_geojson(
        json.dumps({"type": "FeatureCollection", "features": features}), "station"
    )
    assert count == 2 and Outline.objects.count() == 2
    svg = map_svg.draw(ROWS)
    assert svg.count("<path") == 2 and "<title>1. 69383_0101</title>" in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched


def test_commune_outlines_when_no_station_has_one(db):
    Outline.objects.create(level="commune", code="69383", rings=_square(4.85, 45.75))
    Outline.objects.create(level="commune", code="01004", rings=_square(5.36, 45.96))
    svg = map_svg.draw(ROWS)
    assert svg.count("<path") == 2 and "<title>C69383</title>" in svg
