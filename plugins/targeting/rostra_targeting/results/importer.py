"""Reading a results file whole, then storing it in one transaction.

Every row is read and checked before anything is written: a file with one bad
row stores nothing, and says which lines are wrong. Storing compares with what
the election already holds, so importing the same file again writes nothing.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from rostra import tables

from rostra_targeting.models import CandidateResult, PollingStation, StationResult
from rostra_targeting.results import layouts

# Errors kept for the report: past this many, the file is plainly of another kind.
MAX_ERRORS = 200
_CHUNK = 900  # SQLite's limit on query parameters, with room


@dataclass
class Reading:
    layout: str = ""
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # [{"line": n, "message": "…"}]
    total: int = 0

    def error(self, line, message):
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"line": line, "message": str(message)})


def read(handle, *, progress=None):
    """Every row of the file, checked; ``progress(done, total)`` now and then."""
    reading = Reading(total=tables.count_rows(handle))
    table = tables.open_table(handle)
    try:
        layout = layouts.recognise(table.header)
    except layouts.LayoutError as refusal:
        reading.error(1, refusal)
        return reading
    reading.layout = layout.name
    seen = {}
    done = 0
    for line, values, problem in table.rows:
        done += 1
        if problem == "encoding":
            reading.error(line, _("this line is not in the file's encoding"))
            continue
        try:
            row = layout.parse(line, values)
        except layouts.RowError as wrong:
            reading.error(line, wrong)
            continue
        if row.code in seen:
            reading.error(
                line,
                _("polling station %(code)s is already on line %(line)s")
                % {"code": row.code, "line": seen[row.code]},
            )
            continue
        seen[row.code] = line
        reading.rows.append(row)
        if progress and done % 1000 == 0:
            progress(done, reading.total)
    if progress:
        progress(reading.total, reading.total)
    if not reading.rows and not reading.errors:
        reading.error(1, _("The file has no polling station."))
    return reading


def _chunks(items, size=_CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stored(election, codes):
    """What the election holds for these stations: code → (totals, candidates)."""
    held = {}
    results = {}
    if election.pk is None:  # a dry run for an election not created yet
        return held
    for chunk in _chunks(codes):
        for result in StationResult.objects.filter(
            election=election, station__code__in=chunk
        ).values_list("pk", "station__code", "registered", "voters", "blank", "null", "cast"):
            results[result[0]] = result[1]
            held[result[1]] = [tuple(result[2:]), []]
    for chunk in _chunks(results):
        for result_id, panel, name, nuance, votes in CandidateResult.objects.filter(
            result_id__in=chunk
        ).values_list("result_id", "panel", "name", "nuance", "votes"):
            held[results[result_id]][1].append((panel, name, nuance, votes))
    return {code: (totals, sorted(candidates)) for code, (totals, candidates) in held.items()}


def _shape(row):
    totals = (row.registered, row.voters, row.blank, row.null, row.cast)
    candidates = sorted((c.panel, c.name, c.nuance, c.votes) for c in row.candidates)
    return totals, candidates


def compare(election, reading):
    """The preview: what importing would do. Returns (summary, changed rows)."""
    codes = [row.code for row in reading.rows]
    known = set()
    for chunk in _chunks(codes):
        known.update(PollingStation.objects.filter(code__in=chunk).values_list("code", flat=True))
    held = _stored(election, codes)
    changed = [row for row in reading.rows if held.get(row.code) != _shape(row)]
    replaced = sum(1 for row in changed if row.code in held)
    summary = {
        "layout": reading.layout,
        "stations": len(reading.rows),
        "new_stations": len(codes) - len(known),
        "new_results": len(changed) - replaced,
        "replaced_results": replaced,
        "unchanged_results": len(reading.rows) - len(changed),
        "candidates": sum(len(row.candidates) for row in changed),
        "nuances": sorted({c.nuance for row in reading.rows for c in row.candidates}),
    }
    return summary, changed


@transaction.atomic
def store(election, reading):
    """Write the file's rows that differ from what is stored; all or nothing."""
    summary, changed = compare(election, reading)
    if not changed:
        return summary
    _add_stations(changed)
    station_ids = {}
    for chunk in _chunks(row.code for row in changed):
        station_ids.update(PollingStation.objects.filter(code__in=chunk).values_list("code", "pk"))
    for chunk in _chunks(station_ids.values()):
        StationResult.objects.filter(election=election, station_id__in=chunk).delete()
    results = StationResult.objects.bulk_create(
        [
            StationResult(
                election=election,
                station_id=station_ids[row.code],
                registered=row.registered,
                voters=row.voters,
                blank=row.blank,
                null=row.null,
                cast=row.cast,
            )
            for row in changed
        ],
        batch_size=2000,
    )
    CandidateResult.objects.bulk_create(
        (
            CandidateResult(
                result_id=result.pk,
                panel=c.panel,
                name=c.name,
                nuance=c.nuance,
                votes=c.votes,
            )
            for result, row in zip(results, changed, strict=True)
            for c in row.candidates
        ),
        batch_size=5000,
    )
    return summary


def _add_stations(rows):
    """New stations are created; a known one keeps its name and address (the
    register's), and gets the commune's name if it had none."""
    PollingStation.objects.bulk_create(
        [
            PollingStation(
                code=row.code,
                commune_code=row.commune_code,
                commune_name=row.commune_name[:100],
                number=row.number,
                registered_voters=row.registered,
            )
            for row in rows
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
