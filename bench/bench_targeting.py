"""Targeting: the national results file of one round, scoring all of France,
walk-list PDFs in a batch.

1. Import: a file in the Ministry's 2024 layout with BENCH_TARGETING_STATIONS
   (default 69,000) polling stations of real communes, 8 candidates each,
   read, checked and stored by rostra_targeting.results.importer (what the
   admin and ``import_results`` run), against a raw PostgreSQL COPY of the same
   rows (stations, results, candidates, flattened beforehand, not timed) into
   copies of the plugin's three tables with the same keys and indexes
   (``CREATE TABLE … (LIKE … INCLUDING ALL)``, then the foreign keys as Django
   declares them), commit included. Goal ≤ 3×. The COPY into the same tables
   without foreign keys is printed beside it.
2. Scoring every polling station of France for a saved strategy (potential,
   swing, closeness; two elections): goal < 2 s.
3. Walk-list PDFs of 100 polling stations (about 30 addresses each): one
   batch against each rendered alone. Goal ≥ 5×.

BENCH_TARGETING_PARTS=scoring runs only the scoring (its two elections are
stored by the importer, untimed; no raw COPY, no PDFs); =import,scoring
leaves out the PDFs. The default runs the three parts.

Database: BENCH_POSTGRES_URL + "/<BENCH_DB_PREFIX>_targeting".
"""

import io
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
COMMAND = "make bench BENCH_ARGS=targeting"
STATIONS = int(os.environ.get("BENCH_TARGETING_STATIONS", "69000"))
DATABASE = os.environ.get("BENCH_DB_PREFIX", "rostra_bench") + "_targeting"
PARTS = os.environ.get("BENCH_TARGETING_PARTS", "import,scoring,walk").split(",")
NUANCES = ["UG", "ENS", "LR", "RN", "ECO", "EXG", "DVD", "REC"]


def setup(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "rostra.settings.test"
    sys.path[:0] = [str(REPO / "site"), str(REPO / "plugins" / "targeting")]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def national_stations(count, seed):
    """``count`` stations spread over real communes, 8 candidates each."""
    from rostra.people.territories import _data

    rng = random.Random(seed)  # noqa: S311 - synthetic figures
    communes = sorted(_data()["communes"])
    stations = []
    for index in range(count):
        commune = communes[index % len(communes)]
        registered = rng.randint(300, 1500)
        voters = int(registered * rng.uniform(0.4, 0.75))
        cast = voters - 10
        weights = [rng.random() for _ in NUANCES]
        votes = [int(cast * w / sum(weights)) for w in weights]
        votes[0] += cast - sum(votes)
        stations.append(
            {
                "commune": commune,
                "commune_name": "",
                "number": f"{index // len(communes) + 1:04d}",
                "registered": registered,
                "voters": voters,
                "blank": 6,
                "null": 4,
                "candidates": [
                    (n + 1, "F", f"NOM{n}", "Prénom", nuance, v)
                    for n, (nuance, v) in enumerate(zip(NUANCES, votes, strict=True))
                ],
            }
        )
    return stations


# The plugin's foreign keys, as Django declares them (checked at commit).
FOREIGN_KEYS = [
    ("stationresult", "election_id", "targeting_election"),
    ("stationresult", "station_id", "bench_pollingstation"),
    ("candidateresult", "result_id", "bench_stationresult"),
]


def raw_copy(reading, election_id, *, foreign_keys=True):
    """Seconds to COPY the file's rows, flattened beforehand, into copies of
    the three tables with the same keys and indexes (``LIKE … INCLUDING ALL``
    copies the primary and unique keys, the indexes and checks; the foreign
    keys are added as Django declares them, ``DEFERRABLE INITIALLY DEFERRED``)."""
    from django.db import connection, transaction

    tables = ["pollingstation", "stationresult", "candidateresult"]
    with connection.cursor() as cursor:
        for table in reversed(tables):
            cursor.execute(f"DROP TABLE IF EXISTS bench_{table}")
        for table in tables:
            cursor.execute(f"CREATE TABLE bench_{table} (LIKE targeting_{table} INCLUDING ALL)")
        for table, column, target in FOREIGN_KEYS if foreign_keys else []:
            cursor.execute(
                f"ALTER TABLE bench_{table} ADD FOREIGN KEY ({column}) REFERENCES {target} (id) "
                "DEFERRABLE INITIALLY DEFERRED"
            )
    stations, results, candidates = io.StringIO(), io.StringIO(), io.StringIO()
    candidate_id = 0
    for pk, row in enumerate(reading.rows, start=1):
        stations.write(
            f"{pk}\t{row.code}\t{row.commune_code}\t\t{row.number}\t\t\t{row.registered}\n"
        )
        results.write(
            f"{pk}\t{row.registered}\t{row.voters}\t{row.blank}\t{row.null}\t{row.cast}"
            f"\t{election_id}\t{pk}\n"
        )
        for c in row.candidates:
            candidate_id += 1
            candidates.write(f"{candidate_id}\t{c.panel}\t{c.name}\t{c.nuance}\t{c.votes}\t{pk}\n")
    columns = {
        "pollingstation": "id, code, commune_code, commune_name, number, name, address, "
        "registered_voters",
        "stationresult": 'id, registered, voters, blank, "null", "cast", election_id, station_id',
        "candidateresult": "id, panel, name, nuance, votes, result_id",
    }
    buffers = dict(zip(tables, (stations, results, candidates), strict=True))
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            with cursor.copy(f"COPY bench_{table} ({columns[table]}) FROM STDIN") as copy:
                copy.write(buffers[table].getvalue())
    return time.perf_counter() - started


def import_against_copy(report, data, election):
    from rostra_targeting.results import importer

    started = time.perf_counter()
    reading = importer.read(io.BytesIO(data))
    assert not reading.errors, reading.errors[:3]
    importer.store(election, reading)
    ours = time.perf_counter() - started
    copy = raw_copy(reading, election.pk)
    bare = raw_copy(reading, election.pk, foreign_keys=False)
    print(
        f"rostra import (read, check, store): {ours:.1f} s; raw COPY: {copy:.1f} s "
        f"({bare:.1f} s into tables without foreign keys: {ours / bare:.2f}x)"
    )
    report.figure("results import, stations per second", STATIONS / ours, "rows/s", command=COMMAND)
    report.ratio(
        "results import vs raw COPY (× COPY, lower is better)", ours / copy, command=COMMAND
    )
    report.figure(
        "results import / raw COPY",
        ours / copy,
        "×",
        goal=3,
        higher_is_better=False,
        command=COMMAND,
    )


def score_all(report, strategy):
    from rostra_targeting import scoring
    from rostra_targeting.models import PollingStation

    started = time.perf_counter()
    rows = scoring.rank(strategy, PollingStation.objects.all())
    seconds = time.perf_counter() - started
    print(f"scored {len(rows):,} stations in {seconds:.2f} s")
    report.figure(
        "scoring all polling stations of France",
        seconds,
        "s",
        goal=2,
        higher_is_better=False,
        command=COMMAND,
    )


def walk_list_pdfs(report):
    from rostra_targeting import electoral_lists, walk_pdf
    from rostra_targeting.models import Election, PollingStation, Voter, WalkList

    rng = random.Random(7)  # noqa: S311 - synthetic voters
    election = Election.objects.get(year=2024)
    stations = list(PollingStation.objects.order_by("pk")[:100])
    voters = [
        Voter(
            station_code=station.code,
            name="X",
            house_number=str(rng.randint(1, 60)),
            street=f"Rue {rng.randint(1, 4)}",
        )
        for station in stations
        for _ in range(45)
    ]
    electoral_list = electoral_lists.load(
        electoral_lists.ListReading(voters=voters),
        election=election,
        commune_code=stations[0].commune_code,
        user=None,
        filename="bench",
    )
    walk_lists = WalkList.objects.bulk_create(
        [WalkList(electoral_list=electoral_list, station_code=s.code) for s in stations]
    )
    walk_pdf.render(walk_lists[:1])  # fonts loaded once, as in a running worker
    started = time.perf_counter()
    walk_pdf.render(walk_lists)
    batch = time.perf_counter() - started
    started = time.perf_counter()
    for walk_list in walk_lists:
        walk_pdf.render([walk_list])
    alone = time.perf_counter() - started
    print(f"100 walk lists: one batch {batch:.1f} s, each alone {alone:.1f} s")
    report.ratio(
        "walk-list PDFs: each alone vs one batch (100)", alone / batch, goal=5, command=COMMAND
    )


def run():
    from bench import report
    from bench.serving import create_database, drop_database

    url = create_database(DATABASE)
    try:
        setup(url)
        from rostra_targeting import official_files
        from rostra_targeting.models import Bloc, Election, Strategy
        from rostra_targeting.results import importer

        data = official_files.write_numbered(national_stations(STATIONS, 2024))
        print(f"file: {len(data) / 1e6:.0f} MB, {STATIONS:,} stations, 8 candidates each")
        election = Election.objects.create(kind="legislatives", year=2024, round=1)
        if "import" in PARTS:
            import_against_copy(report, data, election)
        else:
            importer.store(election, importer.read(io.BytesIO(data)))
        earlier = Election.objects.create(kind="legislatives", year=2022, round=1)
        importer.store(
            earlier,
            importer.read(
                io.BytesIO(official_files.write_numbered(national_stations(STATIONS, 2022)))
            ),
        )
        strategy = Strategy.objects.create(
            name="bench",
            bloc=Bloc.objects.get(code="gauche"),
            reference=election,
            swing_from=earlier,
            weight_swing=1,
            weight_closeness=1,
        )
        if "scoring" in PARTS:
            score_all(report, strategy)
        if "walk" in PARTS:
            walk_list_pdfs(report)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(DATABASE)


if __name__ == "__main__":
    run()
