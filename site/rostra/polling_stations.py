"""Polling stations (bureaux de vote): one plugin holds them, others use them.

The targeting plugin imports the official register and results; the
organising plugin staffs polling stations on election day. Neither imports
the other: a plugin that knows polling stations registers a source in its
``ready()``, and a plugin that needs them asks here.

    from rostra import polling_stations

    polling_stations.register_source("targeting", stations_of)   # in ready()
    polling_stations.listed(commune_codes=["69383"])              # anywhere

A source is ``callable(commune_codes, constituency) -> iterable[PollingStation]``
where both filters may be None (no filter). ``listed`` returns [] when no
source is registered: the caller then offers its own CSV import.
"""

from dataclasses import dataclass

_sources = {}


@dataclass(frozen=True)
class PollingStation:
    """One polling station, as every plugin sees it."""

    code: str  # INSEE's identifier: commune code + "_" + station number, e.g. "69383_0101"
    commune_code: str  # INSEE commune code
    number: str  # the station's number within its commune, as the prefecture writes it
    name: str = ""  # e.g. "École Jean Macé"
    address: str = ""
    registered_voters: int | None = None
    constituency: str = ""  # the party's constituency code, "" when unknown


def register_source(name, source):
    """Register (or replace) the source a plugin named ``name`` offers."""
    _sources[name] = source


def unregister_source(name):
    _sources.pop(name, None)


def has_source():
    return bool(_sources)


def listed(commune_codes=None, constituency=None):
    """Every registered source's polling stations, by code, one per code."""
    codes = set(commune_codes) if commune_codes is not None else None
    found = {}
    for source in _sources.values():
        for station in source(codes, constituency):
            found.setdefault(station.code, station)
    return sorted(found.values(), key=lambda station: (station.commune_code, station.number))
