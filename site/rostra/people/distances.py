"""Distances between communes' centres, from the vendored geography.

Each commune and municipal arrondissement has a centre in
``data/territories-fr.json.gz`` (the centroid of its outline; see
data/LICENCES.md). Distances are great-circle distances between centres:
"10 km from Villeurbanne" means from the middle of Villeurbanne, never from
an address, which the campaign does not geocode.

    from rostra.people import distances
    here = distances.centre_of(territories.lookup("69100"))   # (lat, lon) or None
    distances.km(here, distances.centre("69123"))             # 4.2
    distances.box(here, 10)                                   # lat/lon bounds
"""

import math

from rostra.people import territories

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)


def centre(code):
    """(lat, lon) of a commune's or arrondissement's centre, or None (the few
    communes made after the outlines were drawn, overseas collectivities)."""
    found = territories._data()["centres"].get(code or "")
    return tuple(found) if found else None


def centre_of(place):
    """The centre of a Territory: its arrondissement's, else its commune's,
    else (a postcode shared by communes and no town given) the middle of the
    postcode's communes. None when none of these has a centre."""
    if place is None:
        return None
    for code in (place.district_code, place.commune_code):
        found = centre(code)
        if found:
            return found
    codes = territories._data()["postcodes"].get(place.postcode, [])
    points = [point for point in map(centre, codes) if point]
    if not points:
        return None
    return (
        sum(point[0] for point in points) / len(points),
        sum(point[1] for point in points) / len(points),
    )


def km(here, there):
    """Great-circle (haversine) distance in km between two (lat, lon)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*here, *there))
    step = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(step)))


def box(here, radius_km):
    """(south, north, west, east): bounds holding every point within
    ``radius_km`` of ``here``, for an indexed first cut in SQL before the
    exact distance. A little wider than the circle, never narrower."""
    lat, lon = here
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    # A degree of longitude is shortest on the circle's side nearer a pole.
    widest = min(89.0, max(abs(lat - dlat), abs(lat + dlat)))
    dlon = math.degrees(radius_km / (EARTH_RADIUS_KM * math.cos(math.radians(widest))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
