"""Organising (issue 15, "Performance"; results in docs/PERFORMANCE.md):

**rsvp**: the RSVP path side by side with the petitions bench's bare one-row
INSERT view (bench/petitions_site/urls.py): alternating rounds
(``BENCH_RSVP_ROUNDS`` 6 × ``BENCH_RSVP_REQUESTS`` 100) of a POST of the
real RSVP form to an event (a new address each time, from an address of its
own so the per-connection limit counts but does not refuse: the form's
validation, the proof of work's checks, the rate limit in Redis, the people
API finding or creating the person, the seat taken under the event's row
lock, the confirmation email queued for the worker) and the same body POSTed
to ``/_bench/insert/``. Figures: requests per second of each, the ratio (goal
≥ 1/3), the RSVP's p99 (goal < 250 ms) and the CPU per request.

**listing**: the events listing "near a postcode" over ``BENCH_EVENTS``
(10,000) events placed in communes drawn by population: GETs of the listing
with a postcode (50 places drawn the same way) and each radius in turn
(5, 10, 25, 50 km), side by side with the listing without a filter. Figure:
the p95 of "near a postcode" (goal < 100 ms).

Both in this process through Django's test client (the whole middleware
stack, no HTTP server in front of either way, as bench_api_writes measures
the signup helper), on the PostgreSQL database ``<BENCH_DB_PREFIX>_organising``
(migrated once, kept with its events), with bench/organising_site's settings:
the API bench's (persistent connections), tasks queued in the database as in
production, the cache in Redis (``BENCH_REDIS_URL``).

``make bench BENCH_ARGS=organising``; ``BENCH_ORGANISING_PARTS=rsvp`` or
``=listing`` runs one part.
"""

import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMAND = "make bench BENCH_ARGS=organising"
PARTS = os.environ.get("BENCH_ORGANISING_PARTS", "rsvp,listing").split(",")
DATABASE = os.environ.get("BENCH_DB_PREFIX", "rostra_bench") + "_organising"
ROUNDS = int(os.environ.get("BENCH_RSVP_ROUNDS", "6"))
REQUESTS = int(os.environ.get("BENCH_RSVP_REQUESTS", "100"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "10000"))
QUERIES = int(os.environ.get("BENCH_LISTING_QUERIES", "400"))
RSVP_EVENTS = 20


def setup():
    from bench.bench_api import setup as api_setup

    sys.path.insert(0, str(REPO / "plugins" / "organising"))
    api_setup(DATABASE, settings="bench.organising_site.settings")


def site_root():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# -- rsvp --------------------------------------------------------------------


def rsvp_events(root):
    from django.utils import timezone
    from rostra_organising.events.models import EventPage

    events = list(EventPage.objects.child_of(root).filter(slug__startswith="bench-rsvp-"))
    starts = timezone.now() + timezone.timedelta(days=30)
    for number in range(len(events), RSVP_EVENTS):
        page = root.add_child(
            instance=EventPage(
                title=f"Réunion publique {number}",
                slug=f"bench-rsvp-{number}",
                starts_at=starts,
                ends_at=starts + timezone.timedelta(hours=2),
                capacity=None,
                venue="Salle des fêtes",
                address="1 place de la Mairie",
                postcode="69003",
                town="Lyon",
            )
        )
        page.save_revision().publish()
        events.append(page)
    return [EventPage.objects.get(pk=event.pk) for event in events]


def bench_rsvp():
    from django.db import connection
    from django.test import Client
    from rostra_organising import antibot

    from bench import report
    from bench.petitions_site.urls import CREATE_TABLE

    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)
    events = rsvp_events(site_root())
    paths = [event.url + "rsvp/" for event in events]
    client = Client()
    run = uuid.uuid4().hex[:6]
    counter = iter(range(10**9))

    def body(number):
        return {
            "first_name": "Camille",
            "last_name": f"Durand {number}",
            "email": f"camille.{run}.{number}@example.org",
            "postcode": "69003",
            "phone": "",
            "consent": "on",
            "website": "",
            "altcha": antibot.solve(antibot.new_challenge()),
        }

    def address(number):
        return f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"

    def rsvp(number, form):
        response = client.post(paths[number % len(paths)], form, REMOTE_ADDR=address(number))
        assert response.status_code == 200, response.content[:300]  # noqa: S101

    def insert(number, form):
        response = client.post("/_bench/insert/", form, REMOTE_ADDR=address(number))
        assert response.status_code == 200  # noqa: S101

    ways = {"rsvp": rsvp, "insert": insert}
    for work in ways.values():  # warm: imports, templates, connections
        for _ in range(10):
            number = next(counter)
            work(number, body(number))
    wall, cpu = dict.fromkeys(ways, 0.0), dict.fromkeys(ways, 0.0)
    latencies = {name: [] for name in ways}
    for round_number in range(ROUNDS):
        for name, work in ways.items():
            # Bodies (each with its proof of work solved) made before the clock runs.
            forms = [(number, body(number)) for number in (next(counter) for _ in range(REQUESTS))]
            used = time.process_time()
            for number, form in forms:
                started = time.perf_counter()
                work(number, form)
                latencies[name].append(time.perf_counter() - started)
            cpu[name] += time.process_time() - used
        wall = {name: sum(times) for name, times in latencies.items()}
        done = REQUESTS * (round_number + 1)
        print(
            f"  round {round_number + 1}: rsvp {done / wall['rsvp']:.1f} req/s, "
            f"insert {done / wall['insert']:.1f} req/s (so far)",
            file=sys.stderr,
            flush=True,
        )
    total = ROUNDS * REQUESTS
    rate = {name: total / seconds for name, seconds in wall.items()}
    per = {name: seconds / total * 1000 for name, seconds in cpu.items()}
    p99 = percentile(latencies["rsvp"], 0.99) * 1000
    print(
        f"  RSVP p50 {statistics.median(latencies['rsvp']) * 1000:.1f} ms, p99 {p99:.1f} ms; "
        f"CPU per request: rsvp {per['rsvp']:.1f} ms, bare insert {per['insert']:.1f} ms; "
        f"load average {os.getloadavg()[0]:.1f}",
        file=sys.stderr,
    )
    report.figure("RSVP", rate["rsvp"], "req/s", command=COMMAND)
    report.figure("bare one-row INSERT view", rate["insert"], "req/s", command=COMMAND)
    report.ratio(
        "RSVP vs bare INSERT view", rate["rsvp"] / rate["insert"], goal=1 / 3, command=COMMAND
    )
    report.ratio("RSVP vs bare INSERT view, by CPU", per["insert"] / per["rsvp"], command=COMMAND)
    report.figure("RSVP p99", p99, "ms", goal=250, higher_is_better=False, command=COMMAND)


# -- listing -----------------------------------------------------------------


def _communes_by_population():
    from rostra.people import territories

    data = territories._data()
    codes = [code for code in data["communes"] if code in data["centres"]]
    weights = [max(data["communes"][code][2], 1) for code in codes]
    return codes, weights


def fill_events(root, count):
    """``count`` live events to come under ``root``, in communes drawn by
    population: pages written in bulk (as many add_child calls would take an
    hour), each placed as EventPage.place() places it."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from rostra.people import distances, territories
    from rostra_organising.events.models import EventPage
    from wagtail.models import Page

    have = EventPage.objects.child_of(root).filter(slug__startswith="bench-event-").count()
    if have >= count:
        _count_children(root)
        return
    codes, weights = _communes_by_population()
    chance = random.Random(15)  # noqa: S311 - a repeatable spread, not a secret
    content_type = ContentType.objects.get_for_model(EventPage)
    now = timezone.now()
    fields = list(EventPage._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    insert = f"INSERT INTO {EventPage._meta.db_table} ({columns}) VALUES ({marks})"  # noqa: S608
    batch = 1000
    with transaction.atomic():
        root = Page.objects.select_for_update().get(pk=root.pk)
        last = root.get_last_child()
        step = Page._str2int(last.path[-Page.steplen :]) if last else 0
        for start in range(have, count, batch):
            pages, events = [], []
            for number in range(start, min(count, start + batch)):
                step += 1
                code = chance.choices(codes, weights)[0]
                place = territories.place_of(code)
                starts = now + timezone.timedelta(days=chance.randint(1, 90))
                slug = f"bench-event-{number}"
                page = Page(
                    title=f"Porte-à-porte {number}",
                    draft_title=f"Porte-à-porte {number}",
                    slug=slug,
                    content_type=content_type,
                    path=Page._get_path(root.path, root.depth + 1, step),
                    depth=root.depth + 1,
                    numchild=0,
                    url_path=f"{root.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=root.locale_id,
                    translation_key=uuid.uuid4(),
                )
                event = EventPage(
                    kind="doors",
                    starts_at=starts,
                    ends_at=starts + timezone.timedelta(hours=2),
                    postcode="",
                    town=place.commune_name,
                    commune_code=place.commune_code,
                    departement_code=place.departement_code,
                    capacity=50,
                )
                event.latitude, event.longitude = distances.centre(code)
                pages.append(page)
                events.append(event)
            Page.objects.bulk_create(pages)
            rows = []
            for page, event in zip(pages, events, strict=True):
                event.page_ptr_id = page.pk
                event.__dict__.update(
                    {f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields}
                )
                rows.append(
                    [f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields]
                )
            with connection.cursor() as cursor:
                cursor.executemany(insert, rows)
            print(f"  {min(count, start + batch):,} events", file=sys.stderr, flush=True)
        _count_children(root)
    # Statistics for the planner, as autovacuum takes them after such a load
    # (without, it guesses one row and nests loops over the page tree).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailcore_page")
        cursor.execute(f"ANALYZE {EventPage._meta.db_table}")


def _count_children(root):
    """The tree's count of the root's children, after pages written around treebeard."""
    from wagtail.models import Page

    children = Page.objects.filter(path__startswith=root.path, depth=root.depth + 1).count()
    Page.objects.filter(pk=root.pk).update(numchild=children)


def listing_page(root):
    from rostra_organising.events.models import EventIndexPage

    found = EventIndexPage.objects.child_of(root).filter(slug="bench-agenda").first()
    if found:
        return found
    page = root.add_child(instance=EventIndexPage(title="Agenda", slug="bench-agenda"))
    page.save_revision().publish()
    return page


def bench_listing():
    from django.test import Client
    from rostra.people import territories

    from bench import report

    root = site_root()
    print(f"Events: filling up to {EVENTS:,}…", file=sys.stderr, flush=True)
    fill_events(root, EVENTS)
    listing = listing_page(site_root())  # read again: its children were counted anew
    codes, weights = _communes_by_population()
    chance = random.Random(16)  # noqa: S311
    data = territories._data()
    postcodes = []
    while len(postcodes) < 50:
        code = chance.choices(codes, weights)[0]
        found = [postcode for postcode, places in data["postcodes"].items() if code in places]
        if found:
            postcodes.append(found[0])
    client = Client()
    radii = (5, 10, 25, 50)

    def near(number):
        query = {"postcode": postcodes[number % len(postcodes)], "radius": radii[number % 4]}
        response = client.get(listing.url, query)
        assert response.status_code == 200 and b"events__near" in response.content  # noqa: S101

    def everything(number):
        response = client.get(listing.url)
        assert response.status_code == 200  # noqa: S101

    ways = {"near": near, "all": everything}
    for work in ways.values():
        for number in range(20):
            work(number)
    latencies = {name: [] for name in ways}
    for round_number in range(4):
        for name, work in ways.items():
            for number in range(round_number * QUERIES // 4, (round_number + 1) * QUERIES // 4):
                started = time.perf_counter()
                work(number)
                latencies[name].append(time.perf_counter() - started)
    p95 = {name: percentile(times, 0.95) * 1000 for name, times in latencies.items()}
    print(
        f"  near a postcode: p50 {statistics.median(latencies['near']) * 1000:.1f} ms, "
        f"p95 {p95['near']:.1f} ms; without a filter: p95 {p95['all']:.1f} ms; "
        f"load average {os.getloadavg()[0]:.1f}",
        file=sys.stderr,
    )
    report.figure(
        f"events listing near a postcode, {EVENTS:,} events, p95",
        p95["near"],
        "ms",
        goal=100,
        higher_is_better=False,
        command=COMMAND,
    )
    report.ratio(
        "listing without a filter vs near a postcode (p95)",
        p95["all"] / p95["near"],
        command=COMMAND,
    )


def main():
    setup()
    if "rsvp" in PARTS:
        bench_rsvp()
    if "listing" in PARTS:
        bench_listing()


if __name__ == "__main__":
    main()
