"""Constituencies: named sets of communes (or Paris/Lyon/Marseille
arrondissements) that the party imports or edits.

INSEE's commune → constituency table is not in the packaged reference data, and
parties often work with their own areas anyway. ``mapping()`` is the
{area code: constituency code} table, kept in each process and reloaded when
any process saves a constituency (a version number in the shared cache).
"""

import time

from django.core.cache import cache
from django.db import transaction

from rostra import tables

_VERSION_KEY = "rostra:people:constituencies:version"
_RECHECK_SECONDS = 5.0
_state = {"version": None, "mapping": None, "checked": 0.0}


def version():
    """The version of the table this process holds (changes when it reloads)."""
    mapping()
    return _state["version"], id(_state["mapping"])


def mapping():
    now = time.monotonic()
    if _state["mapping"] is not None and now - _state["checked"] < _RECHECK_SECONDS:
        return _state["mapping"]
    version = cache.get(_VERSION_KEY, 0)
    if _state["mapping"] is None or version != _state["version"]:
        from rostra.people.models import ConstituencyArea

        _state["mapping"] = dict(ConstituencyArea.objects.values_list("code", "constituency__code"))
        _state["version"] = version
    _state["checked"] = now
    return _state["mapping"]


def forget():
    """Called when constituencies change: every process reloads its table."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, None)
    _state["mapping"] = None


def import_csv(text, *, replace=False):
    """Load constituencies from a CSV file (its bytes or text, read by
    rostra.tables) with the columns ``constituency_code``,
    ``constituency_name`` and ``commune_code`` (INSEE code of a commune or of a
    municipal arrondissement). Returns (constituencies, areas, errors)."""
    from rostra.people import territories
    from rostra.people.models import Constituency, ConstituencyArea

    table = tables.read_bytes(text)
    header = [name.strip() for name in table.header]
    missing = {"constituency_code", "constituency_name", "commune_code"} - set(header)
    if missing:
        return 0, 0, [(1, f"missing columns: {', '.join(sorted(missing))}")]
    rows, errors = [], []
    for line, cells in ((line, cells) for line, cells, _problem in table.rows):
        row = dict(zip(header, cells, strict=False))
        written = row.get("commune_code", "")
        code = written.strip().zfill(5)
        if not territories.commune_name(code):
            errors.append((line, f"unknown INSEE commune code {written!r}"))
            continue
        rows.append(
            (
                row.get("constituency_code", "").strip(),
                row.get("constituency_name", "").strip(),
                code,
            )
        )
    if errors:
        return 0, 0, errors
    with transaction.atomic():
        if replace:
            Constituency.objects.all().delete()
        found = {}
        for code, name, _area in rows:
            if code not in found:
                found[code], _ = Constituency.objects.update_or_create(
                    code=code, defaults={"name": name}
                )
        for code, _name, area in rows:
            ConstituencyArea.objects.update_or_create(
                code=area, defaults={"constituency": found[code]}
            )
        for constituency in found.values():
            constituency.territory_changed()
    return len(found), len(rows), []
