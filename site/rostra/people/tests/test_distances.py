"""Distances between communes' centres, and the map of départements."""

import math

from rostra.people import departement_map, distances, territories

place = territories.placer({})  # no constituency table needed


def test_the_centres_give_the_distances_a_reader_knows():
    lyon, paris, marseille = (distances.centre(code) for code in ("69123", "75056", "13055"))
    assert 385 < distances.km(lyon, paris) < 395  # Lyon–Paris as the crow flies: ~392 km
    assert 270 < distances.km(lyon, marseille) < 285
    assert distances.km(lyon, lyon) == 0


def test_a_postcode_is_measured_from_its_arrondissement_or_its_communes_middle():
    third = distances.centre_of(place("69003"))
    assert third == distances.centre("69383")  # Lyon's 3rd arrondissement, not Lyon's centre
    # 38200 covers eight communes: with no town, the middle of them.
    shared = place("38200")
    assert shared.commune_code == ""
    middle = distances.centre_of(shared)
    assert distances.km(middle, distances.centre("38544")) < 10  # Vienne is among them
    assert distances.centre_of(place("38200", "Vienne")) == distances.centre("38544")


def test_a_commune_without_a_centre_says_so():
    assert distances.centre("98735") is None  # French Polynesia: outlines not vendored
    assert distances.centre("") is None
    assert distances.centre_of(None) is None


def test_the_box_holds_the_whole_circle():
    here = distances.centre("59350")  # Lille, far north: longitudes shrink most
    south, north, west, east = distances.box(here, 50)
    for bearing in range(0, 360, 5):
        # A point 49.9 km away in each direction lies inside the box.
        step = 49.9 / distances.EARTH_RADIUS_KM
        lat1, lon1 = map(math.radians, here)
        angle = math.radians(bearing)
        lat2 = math.asin(
            math.sin(lat1) * math.cos(step) + math.cos(lat1) * math.sin(step) * math.cos(angle)
        )
        lon2 = lon1 + math.atan2(
            math.sin(angle) * math.sin(step) * math.cos(lat1),
            math.cos(step) - math.sin(lat1) * math.sin(lat2),
        )
        point = (math.degrees(lat2), math.degrees(lon2))
        assert 49.8 < distances.km(here, point) < 50
        assert south <= point[0] <= north and west <= point[1] <= east


def test_the_map_draws_metropolitan_france_shaded_with_links():
    svg = departement_map.draw(
        {"69": 4, "59": 1},
        label="Événements",
        href=lambda code: f"/agenda/?departement={code}" if code in ("69", "59") else None,
    )
    assert svg.count("<path") == 96 == len(departement_map.drawn_codes())
    assert svg.count("<a ") == 2
    assert 'href="/agenda/?departement=69"' in svg
    rhone = svg[svg.index('departement=69"') :]
    assert departement_map.SHADES[-1] in rhone[: rhone.index("</a>")]
    assert "Rhône: 4" in svg and "Ain: 0" in svg
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_the_shades_go_up_with_the_figure():
    assert departement_map.shade(0, 10) == departement_map.EMPTY
    shades = [departement_map.shade(value, 10) for value in range(1, 11)]
    assert shades[0] == departement_map.SHADES[0] and shades[-1] == departement_map.SHADES[-1]
    order = [departement_map.SHADES.index(shade) for shade in shades]
    assert order == sorted(order)
