"""Supporter database: a 1,000,000-row supporters CSV imported into PostgreSQL.

Measured side by side in one run, on the same generated NationBuilder-style
file (bench/.. .bench/people-<rows>.csv):

1. raw COPY: PostgreSQL's own ``COPY … FROM STDIN (FORMAT csv)`` of the file
   into a table of its columns — the floor of loading those bytes;
2. Rostra's import (rostra.people.importing.engine): validation, canonical-email
   dedupe, territory, consent rows, tags, timeline — COPY per chunk;
3. django-import-export's default ``ModelResource`` import (import id: email)
   of a slice of the same file (BENCH_PEOPLE_SLICE rows, 10,000 by default:
   the whole file would take hours), extrapolated per row.

Then the admin person list and search on the million imported people: p95 of
the ORM queries the list view runs (rostra.people.listing), for a mix of
searches and filters; then the second reading of "a raw COPY of the same rows":

4. raw COPY of the rows the import stored (dumped with ``COPY … TO``, not
   timed) into faithful copies of the six tables — same columns, defaults,
   indexes, unique and check constraints, the same foreign keys (DEFERRABLE
   INITIALLY DEFERRED as Django declares them, pointing at the copies or at the
   real referenced table) and triggers — in one transaction, timed up to the
   end of its commit (where the deferred foreign keys are checked);

and, to show what the schema costs, the server floor: ``INSERT … SELECT`` of
those stored rows into such copies, commit included.

BENCH_PEOPLE_PARTS=tuning measures instead the import of a smaller file
(BENCH_PEOPLE_TUNING_ROWS, 200,000 by default) with and without the interpreter
tuning manage.py import_people applies, in alternating rounds.

Runs under bench/run.py (``make bench BENCH_ARGS=people_import``) or alone:
``python bench/bench_people_import.py`` (``run()`` is the entry point).
"""

import contextlib
import io
import os
import re
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
COMMAND = "make bench BENCH_ARGS=people_import"
ROWS = int(os.environ.get("BENCH_PEOPLE_ROWS", "1000000"))
SLICE = int(os.environ.get("BENCH_PEOPLE_SLICE", "10000"))
DATABASE = os.environ.get("BENCH_DB_PREFIX", "rostra_bench") + "_people"


def setup(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "rostra.settings.test"
    sys.path.insert(0, str(REPO / "site"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def make_file(rows):
    from rostra.people import sample_data

    path = REPO / ".bench" / f"people-{rows}.csv"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8", newline="") as stream:
            sample_data.write_csv(stream, rows)
        partial.rename(path)
    return path


def raw_copy(path):
    from django.db import connection

    with path.open(encoding="utf-8") as stream:
        header = stream.readline().strip().split(",")
    columns = ", ".join(f'"{name}" text' for name in header)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_people")
        cursor.execute(f"CREATE TABLE bench_raw_people ({columns})")
        started = time.perf_counter()
        with (
            cursor.cursor.copy(
                "COPY bench_raw_people FROM STDIN (FORMAT csv, HEADER true)"
            ) as copy,
            path.open("rb") as data,
        ):
            while block := data.read(1 << 20):
                copy.write(block)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_raw_people")
    return seconds


def rostra_import(path):
    from rostra.people.importing import engine

    with path.open("rb") as handle:
        started = time.perf_counter()
        summary = engine.run(
            handle, engine.Options(source_label="bench", chunk_size=20000), progress=_progress
        )
        seconds = time.perf_counter() - started
    print(file=sys.stderr)
    return seconds, summary


def _progress(summary):
    print(f"\r  rostra import: {summary.done:,}/{summary.total:,}", end="", file=sys.stderr)


def default_resource_import(path, rows):
    """django-import-export's default ModelResource on the first ``rows`` rows,
    with the columns renamed to the model's field names (what it expects)."""
    import tablib
    from import_export import resources
    from rostra.people.models import Person

    class PersonResource(resources.ModelResource):
        class Meta:
            model = Person
            import_id_fields = ("email",)
            fields = (
                "first_name",
                "last_name",
                "email",
                "mobile_phone",
                "address_line1",
                "postcode",
                "commune",
            )

    renamed = {
        "primary_address1": "address_line1",
        "primary_zip": "postcode",
        "primary_city": "commune",
        "mobile_number": "mobile_phone",
    }
    with path.open(encoding="utf-8") as stream:
        lines = [next(stream) for _ in range(rows + 1)]
    header = ",".join(renamed.get(name, name) for name in lines[0].strip().split(","))
    dataset = tablib.Dataset().load(io.StringIO("\n".join([header, *lines[1:]])), format="csv")
    started = time.perf_counter()
    result = PersonResource().import_data(dataset, dry_run=False, use_transactions=True)
    seconds = time.perf_counter() - started
    assert not result.has_errors(), result.base_errors
    return seconds


PEOPLE_TABLES = (
    "people_person",
    "people_personemail",
    "people_consent",
    "people_consentstate",
    "people_timelineentry",
    "people_taggedperson",
)


def faithful_copies(prefix):
    """Create ``<prefix>_<table>`` for each of the six tables, carrying what the
    real table carries: columns, defaults, indexes, unique and check constraints
    (``LIKE … INCLUDING ALL``), the same foreign keys — ``DEFERRABLE INITIALLY
    DEFERRED`` as Django declares them, pointing at the copy of the referenced
    table when it is one of the six, at the real table otherwise — and the same
    triggers. Returns {table: copy}; drop them with drop_copies()."""
    from django.db import connection

    copies = {table: f"{prefix}_{table}" for table in PEOPLE_TABLES}
    referenced = re.compile(r"REFERENCES (\w+)\(")
    with connection.cursor() as cursor:
        drop_copies(copies)
        for table, copy in copies.items():
            cursor.execute(f"CREATE TABLE {copy} (LIKE {table} INCLUDING ALL)")
        for table, copy in copies.items():
            for definition in _foreign_keys(cursor, table):
                definition = referenced.sub(
                    lambda match: f"REFERENCES {copies.get(match[1], match[1])}(", definition
                )
                cursor.execute(f"ALTER TABLE {copy} ADD {definition}")
            cursor.execute(
                "SELECT pg_get_triggerdef(oid) FROM pg_trigger "
                "WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [table],
            )
            for (definition,) in cursor.fetchall():
                definition = re.sub(
                    rf" ON (public\.)?{table} ", f" ON {copy} ", definition, count=1
                ).replace("CREATE TRIGGER ", f"CREATE TRIGGER {prefix}_", 1)
                cursor.execute(definition)
        _check_copies(cursor, copies)
    return copies


def _foreign_keys(cursor, table):
    cursor.execute(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
        [table],
    )
    return [definition for (definition,) in cursor.fetchall()]


def _check_copies(cursor, copies):
    """Each copy has the foreign keys of Django's model, deferred, pointing at
    the right tables, and as many indexes, constraints and triggers as the real
    table: the baseline cannot silently lose one."""
    from django.apps import apps

    models = {model._meta.db_table: model for model in apps.get_models()}
    for table, copy in copies.items():
        declared = {
            (field.column, copies.get(target, target), field.target_field.column)
            for field in models[table]._meta.concrete_fields
            if field.remote_field and field.db_constraint
            for target in [field.target_field.model._meta.db_table]
        }
        cursor.execute(
            "SELECT a.attname, c.confrelid::regclass::text, r.attname, "
            "c.condeferrable AND c.condeferred FROM pg_constraint c "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1] "
            "WHERE c.conrelid = %s::regclass AND c.contype = 'f'",
            [copy],
        )
        found = cursor.fetchall()
        assert {row[:3] for row in found} == declared, (copy, found, declared)
        assert all(row[3] for row in found), (copy, found)
        for what, query in (
            ("indexes", "SELECT count(*) FROM pg_index WHERE indrelid = %s::regclass"),
            ("constraints", "SELECT count(*) FROM pg_constraint WHERE conrelid = %s::regclass"),
            (
                "triggers",
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            ),
        ):
            counts = []
            for name in (table, copy):
                cursor.execute(query, [name])
                counts.append(cursor.fetchone()[0])
            assert counts[0] == counts[1], (copy, what, counts)


def drop_copies(copies):
    from django.db import connection

    with connection.cursor() as cursor:
        for copy in reversed(copies.values()):
            cursor.execute(f"DROP TABLE IF EXISTS {copy} CASCADE")


def server_floor():
    """Seconds PostgreSQL alone takes to write the imported rows again, with one
    ``INSERT … SELECT`` per table and the commit (its deferred foreign-key
    checks), into faithful copies of the six tables (faithful_copies)."""
    from django.db import connection, transaction

    copies = faithful_copies("bench_floor")
    try:
        with connection.cursor() as cursor:
            started = time.perf_counter()
            with transaction.atomic():
                for table, copy in copies.items():
                    cursor.execute(f"INSERT INTO {copy} SELECT * FROM {table}")  # noqa: S608
            seconds = time.perf_counter() - started
    finally:
        drop_copies(copies)
    return seconds


def stored_rows_copy():
    """Seconds a raw ``COPY … FROM STDIN`` takes to load the rows the import
    stored (dumped first with ``COPY … TO STDOUT`` into files, not timed) into
    faithful copies of the six tables (faithful_copies: same indexes,
    constraints, deferred foreign keys and triggers): one transaction, parents
    before children, timed from the first COPY to the end of the commit (which
    runs the deferred foreign-key checks) — the same rows as the import wrote,
    loaded the fastest way PostgreSQL has."""
    import tempfile

    from django.db import connection, transaction

    with tempfile.TemporaryDirectory(dir=REPO / ".bench") as folder, connection.cursor() as cursor:
        raw = cursor.cursor
        dumps = {}
        for table in PEOPLE_TABLES:
            dumps[table] = Path(folder) / f"{table}.copy"
            with dumps[table].open("wb") as out, raw.copy(f"COPY {table} TO STDOUT") as copy:
                for block in copy:
                    out.write(block)
        copies = faithful_copies("bench_copy")
        try:
            started = time.perf_counter()
            with transaction.atomic():
                for table, name in copies.items():
                    with (
                        dumps[table].open("rb") as data,
                        raw.copy(f"COPY {name} FROM STDIN") as copy,
                    ):
                        while block := data.read(1 << 20):
                            copy.write(block)
            seconds = time.perf_counter() - started
        finally:
            drop_copies(copies)
    return seconds


def empty_people_tables():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(PEOPLE_TABLES)} CASCADE")


def search_p95():
    """p95 (ms) of the list view's queries: page of 50 + the capped count."""
    from django.db import connection
    from django.http import QueryDict
    from rostra.people import listing

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    queries = [
        "",
        "q=martin",
        "q=dupont",
        "q=jean martin",
        "q=marie.dubois",
        "q=06 12",
        "q=0612345678",
        "q=le",
        "q=lea.petit12@gmail.com",
        "tag=bénévole",
        "departement=69",
        "region=11",
        "consent=newsletter:email",
        "source=import",
        "created_after=2020-01-01",
        "q=bernard&departement=75",
        "tag=donateur&consent=newsletter:email",
        "q=martin&page=3",
        "page=200",
    ]
    timings = []
    for _round in range(5):
        for query in queries:
            started = time.perf_counter()
            page = listing.page(QueryDict(query))
            list(page.object_list)
            page.paginator.count  # noqa: B018 (the view shows it)
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.quantiles(timings, n=20)[18], max(timings)


def tuning_side_by_side(report):
    """The import of a TUNING_ROWS-row file with and without the interpreter
    tuning manage.py import_people applies (importing/tuning.py), in
    alternating rounds on the same file, the tables emptied before each."""
    from rostra.people.importing import tuning

    rows = int(os.environ.get("BENCH_PEOPLE_TUNING_ROWS", "200000"))
    rounds = int(os.environ.get("BENCH_PEOPLE_TUNING_ROUNDS", "2"))
    path = make_file(rows)
    seconds = {"defaults": 0.0, "tuned": 0.0}
    for _round in range(rounds):
        for way in seconds:
            empty_people_tables()
            with tuning.interpreter_tuned() if way == "tuned" else contextlib.nullcontext():
                spent, _summary = rostra_import(path)
            print(f"  {way}: {spent:.1f} s")
            seconds[way] += spent
    command = f"BENCH_PEOPLE_PARTS=tuning BENCH_PEOPLE_TUNING_ROWS={rows} {COMMAND}"
    for way, spent in seconds.items():
        report.figure(
            f"import of {rows:,} rows, {way}", rows * rounds / spent, "rows/s", command=command
        )
    report.ratio(
        "import with the interpreter tuned vs its defaults",
        seconds["defaults"] / seconds["tuned"],
        command=command,
    )


def run():
    from bench import report
    from bench.serving import create_database, drop_database

    url = create_database(DATABASE)
    try:
        setup(url)
        if "tuning" in os.environ.get("BENCH_PEOPLE_PARTS", "import").split(","):
            tuning_side_by_side(report)
            return
        path = make_file(ROWS)
        print(f"file: {path} ({path.stat().st_size / 1e6:.0f} MB, {ROWS:,} rows)")
        copy_seconds = raw_copy(path)
        print(f"raw COPY: {copy_seconds:.1f} s")
        from rostra.people.importing import tuning

        with tuning.interpreter_tuned():  # as manage.py import_people runs it
            ours, summary = rostra_import(path)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"rostra import: {ours:.1f} s, {summary.counts}, peak memory {peak_mb:.0f} MB")
        p95, worst = search_p95()
        print(f"admin list/search on {summary.counts['create']:,} people: p95 {p95:.0f} ms")
        floor = server_floor()
        print(
            f"server floor (the imported rows written again by INSERT … SELECT into faithful "
            f"copies of the six tables, commit included): {floor:.1f} s = "
            f"{floor / copy_seconds:.0f}× raw COPY of the file"
        )
        stored_copy = stored_rows_copy()
        print(
            f"raw COPY of the rows the import stored, into faithful copies of the six tables "
            f"(same indexes, constraints, deferred foreign keys, triggers; commit included): "
            f"{stored_copy:.1f} s; the import is {ours / stored_copy:.2f}× that"
        )
        empty_people_tables()
        slice_rows = min(SLICE, ROWS)
        default_seconds = default_resource_import(path, slice_rows)
        default_full = default_seconds / slice_rows * ROWS
        print(
            f"django-import-export default ModelResource: {default_seconds:.1f} s for "
            f"{slice_rows:,} rows → {default_full:.0f} s for {ROWS:,} (extrapolated)"
        )
        report.figure("people import, rows per second", ROWS / ours, "rows/s", command=COMMAND)
        report.ratio(
            f"import vs django-import-export default (slice {slice_rows:,}, per row)",
            default_full / ours,
            goal=20,
            command=COMMAND,
        )
        report.figure(
            "import time / raw COPY of the file's text into one unindexed text table",
            ours / copy_seconds,
            "×",
            goal=3,
            higher_is_better=False,
            command=COMMAND,
        )
        report.figure(
            "import time / raw COPY of the stored rows into faithful copies of the six tables",
            ours / stored_copy,
            "×",
            goal=3,
            higher_is_better=False,
            command=COMMAND,
        )
        report.figure(
            "server floor / raw COPY of the file (not a goal: what the schema costs)",
            floor / copy_seconds,
            "×",
            command=COMMAND,
        )
        report.figure(
            "import peak memory", peak_mb, "MB", goal=500, higher_is_better=False, command=COMMAND
        )
        report.figure(
            "admin list/search p95 on 1M people",
            p95,
            "ms",
            goal=300,
            higher_is_better=False,
            command=COMMAND,
        )
        print(f"(slowest list/search query: {worst:.0f} ms)")
    finally:
        from django.db import connections

        connections.close_all()
        if not os.environ.get("BENCH_KEEP"):
            drop_database(DATABASE)


if __name__ == "__main__":
    run()
