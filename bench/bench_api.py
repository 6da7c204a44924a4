"""API plugin: the OSDI people list, 100 a page, over BENCH_API_PEOPLE people
(1,000,000 by default), against Django REST framework's default ModelViewSet +
ModelSerializer + PageNumberPagination of the same fields, and django-ninja
doing the API's own work through a pydantic schema (the framework's cost) —
the same database, the same process, measured in alternating rounds.

Measured in process through Django's test client (the whole middleware stack,
the key's lookup, its rate limit and its audit-log row included for the API;
no HTTP server in front of any of the three), so the ratio is the frameworks'
and the queries' own.

Figures: requests per second on the first 50 pages of each (and this
process's CPU per page, which moves less with the machine's load); p95 of a deep
page (page 5,000: rows 499,901–500,000), reached by the API's cursor, by DRF's
``?page=5000`` and by ninja's cursor.

Runs under bench/run.py (``make bench BENCH_ARGS=api``) or alone:
``python -m bench.bench_api``.
"""

import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
COMMAND = "make bench BENCH_ARGS=api"
PEOPLE = int(os.environ.get("BENCH_API_PEOPLE", "1000000"))
ROUNDS = int(os.environ.get("BENCH_API_ROUNDS", "3"))
PAGES = 50
# Page 5,000, or the middle page of a smaller run.
DEEP_PAGE = min(5000, PEOPLE // 200)
DATABASE = os.environ.get("BENCH_DB_PREFIX", "rostra_bench") + "_api_people"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def setup(database=DATABASE, settings="bench.api_site.settings"):
    """Django on the bench ``settings`` and ``database`` (made and migrated if new)."""
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{database}"')
    os.environ["DATABASE_URL"] = f"{POSTGRES}/{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    sys.path.insert(0, str(REPO / "site"))
    sys.path.insert(0, str(REPO / "plugins" / "api"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def fill():
    """PEOPLE people, written by the server itself (generate_series): the bench
    measures reading them. Kept between runs of the same size."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM people_person")
        (count,) = cursor.fetchone()
        if count == PEOPLE:
            return
        print(f"  writing {PEOPLE:,} people…", file=sys.stderr, flush=True)
        cursor.execute("TRUNCATE people_person CASCADE")
        cursor.execute(
            """
            INSERT INTO people_person (
                first_name, last_name, email, email_canonical, phone, mobile_phone,
                address_line1, address_line2, postcode, commune, country, language,
                source_kind, source_detail, do_not_contact, do_not_email, do_not_call,
                do_not_text, created_at, updated_at, commune_code, constituency,
                departement_code, district_code, region_code)
            SELECT 'Prénom' || n, 'Nom' || n, 'p' || n || '@example.org',
                'p' || n || '@example.org', '+3314' || lpad(n::text, 7, '0'), '',
                n || ' rue de la République', '', lpad((1000 + n %% 95000)::text, 5, '0'),
                'Commune ' || (n %% 3000), 'FR', 'fr', 'import', 'bench', false, false,
                false, false, now() - (n || ' seconds')::interval, now(), '', '', '', '', ''
            FROM generate_series(1, %s) AS n
            """,
            [PEOPLE],
        )
        cursor.execute("ANALYZE people_person")


def api_token(scopes=None):
    from django.contrib.auth import get_user_model
    from rostra_api import keys
    from wagtail.models import Site

    user, _ = get_user_model().objects.get_or_create(
        username="bench-api", defaults={"is_superuser": True, "is_staff": True}
    )
    site = Site.objects.first()
    scopes = scopes or {"people": ["read", "write"]}
    _, token = keys.make(site=site, name="bench", user=user, scopes=scopes)
    return token


CPU = []  # this process's CPU time of each request, in the order measured


def timed(client, url, **headers):
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url, **headers)
    seconds = time.perf_counter() - started
    CPU.append(time.process_time() - cpu)
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code} {response.content[:300]!r}")
    return seconds, response


def walk_api(client, token, first_id):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    times, url = [], "/api/osdi/v1/people?per_page=100"
    for _ in range(PAGES):
        seconds, response = timed(client, url, **auth)
        times.append(seconds)
        url = response.json()["_links"]["next"]["href"]
    deep = []
    for _ in range(20):
        after = first_id - 1 + (DEEP_PAGE - 1) * 100
        seconds, response = timed(client, f"/api/osdi/v1/people?per_page=100&after={after}", **auth)
        assert len(response.json()["_embedded"]["osdi:people"]) == 100  # noqa: S101
        deep.append(seconds)
    return times, deep


def walk_drf(client):
    times = [timed(client, f"/_bench/drf/people/?page={n}")[0] for n in range(1, PAGES + 1)]
    deep = [timed(client, f"/_bench/drf/people/?page={DEEP_PAGE}")[0] for _ in range(20)]
    return times, deep


def walk_ninja(client, token, first_id):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    times, after = [], 0
    for _ in range(PAGES):
        seconds, response = timed(client, f"/_bench/ninja/people?after={after}", **auth)
        times.append(seconds)
        after = response.json()["next"]
    after = first_id - 1 + (DEEP_PAGE - 1) * 100
    deep = [timed(client, f"/_bench/ninja/people?after={after}", **auth)[0] for _ in range(20)]
    return times, deep


def p95(values):
    return statistics.quantiles(values, n=20)[-1]


def deep_page_query(client, token, first_id):
    """The deep page's SQL alone: its plan, and its p95 over 20 runs (what a
    cheaper query could save of the request's p95)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    after = first_id - 1 + (DEEP_PAGE - 1) * 100
    with CaptureQueriesContext(connection) as queries:
        timed(
            client,
            f"/api/osdi/v1/people?per_page=100&after={after}",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
    (sql,) = [q["sql"] for q in queries if 'FROM "people_person"' in q["sql"]]
    times = []
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = "\n".join(f"    {line}" for (line,) in cursor.fetchall())
        for _ in range(20):
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            times.append(time.perf_counter() - started)
    print(f"  page {DEEP_PAGE}'s query:\n    {sql}\n{plan}", file=sys.stderr)
    return p95(times)


def main():
    from bench import report

    setup()
    fill()
    from django.test import Client
    from rostra.people.models import Person

    first_id = Person.objects.order_by("pk").values_list("pk", flat=True).first()
    token = api_token()
    client = Client()
    results = {"api": ([], []), "drf": ([], []), "ninja": ([], [])}
    cpu = {"api": [], "drf": [], "ninja": []}
    walk_api(client, token, first_id), walk_drf(client), walk_ninja(client, token, first_id)  # warm
    for round_number in range(ROUNDS):
        for name, walk in (
            ("api", lambda: walk_api(client, token, first_id)),
            ("drf", lambda: walk_drf(client)),
            ("ninja", lambda: walk_ninja(client, token, first_id)),
        ):
            CPU.clear()
            pages, deep = walk()
            cpu[name].extend(CPU[:PAGES])
            results[name][0].extend(pages)
            results[name][1].extend(deep)
            print(
                f"  round {round_number + 1} {name}: {PAGES / sum(pages):.1f} pages/s, "
                f"deep p95 {p95(deep) * 1000:.1f} ms",
                file=sys.stderr,
                flush=True,
            )
    sql_p95 = deep_page_query(client, token, first_id)
    rate = {name: len(pages) / sum(pages) for name, (pages, _) in results.items()}
    for name in cpu:
        print(
            f"  {name}: {statistics.mean(cpu[name]) * 1000:.1f} ms of this process's CPU "
            "per page (the database server's not counted)",
            file=sys.stderr,
        )
    for name, label in (("api", "Rostra OSDI"), ("drf", "DRF default"), ("ninja", "django-ninja")):
        report.figure(f"people list 100/page ({label})", rate[name], "req/s", command=COMMAND)
        report.figure(
            f"page {DEEP_PAGE} p95 ({label})",
            p95(results[name][1]) * 1000,
            "ms",
            goal=100 if name == "api" else None,
            higher_is_better=False,
            command=COMMAND,
        )
    report.figure(
        f"page {DEEP_PAGE} p95, its SQL alone (Rostra OSDI)",
        sql_p95 * 1000,
        "ms",
        higher_is_better=False,
        command=COMMAND,
    )
    report.ratio(
        "people list: OSDI API vs DRF default", rate["api"] / rate["drf"], goal=3, command=COMMAND
    )
    report.ratio(
        "people list: OSDI API vs django-ninja", rate["api"] / rate["ninja"], command=COMMAND
    )


if __name__ == "__main__":
    main()
