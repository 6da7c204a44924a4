"""Reading a results file whole, then storing it in one transaction.

Every row is read and checked before anything is written: a file with one bad
row stores nothing, and says which lines are wrong. Storing compares with what
the election already holds, so importing the same file again writes nothing.

On PostgreSQL the rows are written with COPY (psycopg's ``cursor.copy``), the
ids of new stations and results taken from their sequences beforehand so that
candidates can point at their result without reading anything back; elsewhere
(SQLite in development) with ``bulk_create``. Both run in the one transaction.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _
from rostra import tables

from rostra_targeting.models import CandidateResult, PollingStation, StationResult
from rostra_targeting.results import layouts

# Errors kept for the report: past this many, the file is plainly of another kind.
MAX_ERRORS = 200
# After this many rows written, the planner's statistics are refreshed in the
# same transaction: a national file makes the tables several times larger, and
# scoring planned on the old statistics (before autovacuum gets to them) joins
# row by row.
ANALYZE_FROM = 10_000
_CHUNK = 900  # SQLite's limit on query parameters, with room
_STATION_FIELDS = ["id", "code", "commune_code", "commune_name", "number", "name", "address"]
_STATION_FIELDS += ["registered_voters"]
_RESULT_FIELDS = ["id", "election", "station", "registered", "voters", "blank", "null", "cast"]
_CANDIDATE_FIELDS = ["result", "panel", "name", "nuance", "votes"]


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


def _stored(election):
    """What the election holds: code → (result id, totals, candidates), read in
    two queries (at most one row a polling station of France, and its candidates)."""
    if election.pk is None:  # a dry run for an election not created yet
        return {}
    results = {}
    held = {}
    for result in StationResult.objects.filter(election=election).values_list(
        "pk", "station__code", "registered", "voters", "blank", "null", "cast"
    ):
        results[result[0]] = result[1]
        held[result[1]] = (result[0], tuple(result[2:]), [])
    candidates = CandidateResult.objects.filter(result__election=election).values_list(
        "result_id", "panel", "name", "nuance", "votes"
    )
    for result_id, *candidate in candidates.iterator(chunk_size=20000):
        held[results[result_id]][2].append(tuple(candidate))
    return {code: (pk, totals, sorted(found)) for code, (pk, totals, found) in held.items()}


def _shape(row):
    totals = (row.registered, row.voters, row.blank, row.null, row.cast)
    candidates = sorted((c.panel, c.name, c.nuance, c.votes) for c in row.candidates)
    return totals, candidates


def _compare(election, reading):
    known = dict(PollingStation.objects.values_list("code", "pk"))
    held = _stored(election)
    changed = [
        row for row in reading.rows if row.code not in held or held[row.code][1:] != _shape(row)
    ]
    replaced = [held[row.code][0] for row in changed if row.code in held]
    summary = {
        "layout": reading.layout,
        "stations": len(reading.rows),
        "new_stations": sum(1 for row in reading.rows if row.code not in known),
        "new_results": len(changed) - len(replaced),
        "replaced_results": len(replaced),
        "unchanged_results": len(reading.rows) - len(changed),
        "candidates": sum(len(row.candidates) for row in changed),
        "nuances": sorted({c.nuance for row in reading.rows for c in row.candidates}),
    }
    return summary, changed, known, replaced


def compare(election, reading):
    """The preview: what importing would do. Returns (summary, changed rows)."""
    summary, changed, _known, _replaced = _compare(election, reading)
    return summary, changed


@transaction.atomic
def store(election, reading):
    """Write the file's rows that differ from what is stored; all or nothing."""
    summary, changed, known, replaced = _compare(election, reading)
    if not changed:
        return summary
    for chunk in _chunks(replaced):
        StationResult.objects.filter(pk__in=chunk).delete()
    new_stations = {}  # code → row, once each
    for row in changed:
        if row.code not in known:
            new_stations.setdefault(row.code, row)
    if connection.vendor == "postgresql":
        _copy(election, changed, known, list(new_stations.values()))
        if len(changed) >= ANALYZE_FROM:
            _analyze()
    else:
        _bulk_create(election, changed, known, list(new_stations.values()))
    return summary


def _copy(election, changed, known, new_stations):
    station_ids = _next_ids(PollingStation, len(new_stations))
    result_ids = _next_ids(StationResult, len(changed))
    known = dict(known)
    known.update(zip((row.code for row in new_stations), station_ids, strict=True))
    _copy_rows(
        PollingStation,
        _STATION_FIELDS,
        (
            (
                pk,
                row.code,
                row.commune_code,
                row.commune_name[:100],
                row.number,
                "",
                "",
                row.registered,
            )
            for pk, row in zip(station_ids, new_stations, strict=True)
        ),
    )
    _copy_rows(
        StationResult,
        _RESULT_FIELDS,
        (
            (
                pk,
                election.pk,
                known[row.code],
                row.registered,
                row.voters,
                row.blank,
                row.null,
                row.cast,
            )
            for pk, row in zip(result_ids, changed, strict=True)
        ),
    )
    _copy_rows(
        CandidateResult,
        _CANDIDATE_FIELDS,
        (
            (pk, c.panel, c.name, c.nuance, c.votes)
            for pk, row in zip(result_ids, changed, strict=True)
            for c in row.candidates
        ),
    )


def _analyze():
    with connection.cursor() as cursor:
        for model in (PollingStation, StationResult, CandidateResult):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _next_ids(model, count):
    """``count`` ids taken from the model's sequence (another import running
    beside this one takes others)."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy_rows(model, fields, rows):
    columns = ", ".join(
        connection.ops.quote_name(model._meta.get_field(name).column) for name in fields
    )
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _bulk_create(election, changed, known, new_stations):
    PollingStation.objects.bulk_create(
        [
            PollingStation(
                code=row.code,
                commune_code=row.commune_code,
                commune_name=row.commune_name[:100],
                number=row.number,
                registered_voters=row.registered,
            )
            for row in new_stations
        ],
        batch_size=2000,
    )
    station_ids = dict(known)
    for chunk in _chunks(row.code for row in new_stations):
        station_ids.update(PollingStation.objects.filter(code__in=chunk).values_list("code", "pk"))
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
