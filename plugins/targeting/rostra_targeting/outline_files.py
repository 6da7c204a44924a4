"""Reading polling-station or commune outlines (GeoJSON as published) for the
admin's import: every feature checked before anything is written, errors
named by feature number, a preview of what would be added or replaced, and
only the communes of the uploader's territory."""

import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from rostra_targeting.map_svg import CODE_PROPERTIES, rings_of
from rostra_targeting.models import Outline

MAX_ERRORS = 200


@dataclass
class Reading:
    rows: list = field(default_factory=list)  # [Outline]
    errors: list = field(default_factory=list)  # [{"line": feature number, "message": "…"}]
    total: int = 0

    def error(self, number, message):
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"line": number, "message": str(message)})


def read(data, level, *, progress=None, allowed=None):
    """The outlines of a GeoJSON FeatureCollection of (multi)polygons.
    ``allowed(commune)`` says whether the uploader may load a commune."""
    reading = Reading()
    try:
        features = json.loads(data)["features"]
        if not isinstance(features, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        reading.error(1, _("This is not a GeoJSON FeatureCollection."))
        return reading
    reading.total = len(features)
    seen = set()
    for number, feature in enumerate(features, start=1):
        if progress and number % 1000 == 0:
            progress(number, reading.total)
        properties = (feature.get("properties") if isinstance(feature, dict) else None) or {}
        code = next((str(properties[n]) for n in CODE_PROPERTIES[level] if properties.get(n)), "")
        if not code:
            reading.error(
                number,
                _("feature without a code (one of %(names)s)")
                % {"names": ", ".join(CODE_PROPERTIES[level])},
            )
            continue
        if allowed is not None and not allowed(code[:5]):
            reading.error(
                number, _("the commune %(code)s is outside your territory") % {"code": code[:5]}
            )
            continue
        try:
            rings = rings_of(feature["geometry"])
        except (KeyError, TypeError, ValueError, IndexError):
            reading.error(number, _("%(code)s is not a polygon") % {"code": code})
            continue
        if code in seen:
            reading.error(number, _("%(code)s is in the file twice") % {"code": code})
            continue
        seen.add(code)
        reading.rows.append(Outline(level=level, code=code[:16], rings=rings))
    if progress:
        progress(reading.total, reading.total)
    if not reading.rows and not reading.errors:
        reading.error(1, _("The file has no outline."))
    return reading


def compare(reading, level):
    held = Outline.objects.filter(level=level, code__in=[row.code for row in reading.rows])
    replaced = held.count()
    return {
        "outlines": len(reading.rows),
        "new": len(reading.rows) - replaced,
        "replaced": replaced,
    }


@transaction.atomic
def store(reading, level):
    summary = compare(reading, level)
    Outline.objects.bulk_create(
        reading.rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["level", "code"],
        update_fields=["rings"],
    )
    return summary
