"""Donations: acknowledgement PDFs (year-end batch) and webhook intake.

PDFs: a year-end batch of BENCH_PDF_COUNT acknowledgements (default 10,000)
rendered and stored by tasks.render_many, as ``manage.py render_acknowledgements``
does (fixed text laid out once per background, the gifts' fields laid out
together and drawn over it; BENCH_PDF_WORKERS processes, default one per
core). Before it, side by side on a slice (BENCH_PDF_SLICE, default 200, in
BENCH_PDF_ROUNDS alternating rounds, default 2): the baseline the issue names,
a fresh ``HTML(string=...).write_pdf()`` per gift of the same acknowledgement
laid out whole, stylesheet and fonts set up anew (not stored); the batch in one
process; the batch in the worker processes. Wall-clock and CPU time are both
reported, with the load average: on a shared machine neither is steady.

Webhooks: signed Stripe events verified, stored once and applied, per second,
side by side with a bare Django view that stores one row per request; both
through Django's test client, in one process, on the same database.

Writing PDFs (BENCH_DONATIONS_PARTS=overlay): once a batch's fields are laid
out, overlay.py against pypdf's writer per gift, on the slice.

The garbage collector (BENCH_DONATIONS_PARTS=gc): a batch of the slice laid
out and written with the cyclic collector paused, as the year-end batch does,
and running.

BENCH_DONATIONS_PARTS=pdfs, =overlay, =gc or =webhooks runs one part.

Runs standalone (``python -m bench.bench_donations``) or through bench/run.py
(``run()``). Database: BENCH_POSTGRES_URL + "/<BENCH_DB_PREFIX>_donations",
created and dropped here.
"""

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMAND = "make bench BENCH_ARGS=donations"


def _setup_django(database_url):
    for folder in ("site", "plugins/donations", "plugins/petitions", "plugins/network"):
        sys.path.insert(0, str(REPO / folder))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rostra.settings.test")
    import django

    django.setup()


def _database_url():
    server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    prefix = os.environ.get("BENCH_DB_PREFIX", "rostra_donations_bench")
    return f"{server}/{prefix}_donations"


def _recreate(database_url, drop_only=False):
    import psycopg

    server, name = database_url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def _fixtures(count):
    """A site, its payment settings and ``count`` paid gifts with acknowledgements."""
    import datetime

    from django.core.management import call_command
    from django.utils import timezone
    from rostra.people.models import Person
    from rostra_donations.models import (
        Acknowledgement,
        Donation,
        PaymentSettings,
    )
    from wagtail.models import Site

    call_command("migrate", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    PaymentSettings.objects.update_or_create(
        site=site,
        defaults={
            "beneficiary": "Élan commun",
            "agent_name": "Association de financement d'Élan commun",
        },
    )
    person = Person.objects.create(email="bench@example.org", email_canonical="bench@example.org")
    start = timezone.make_aware(datetime.datetime(2026, 1, 1, 10))
    gifts = [
        Donation(
            site=site,
            person=person,
            amount=1000 + (i % 400) * 100,
            status="paid",
            method="card" if i % 3 else "sepa_debit",
            first_name=f"Prénom{i}",
            last_name=f"Nom-{i}",
            civility="Mme" if i % 2 else "M.",
            address_line1=f"{i % 200 + 1} rue de la République",
            postcode=f"{69000 + i % 9:05d}",
            town="Lyon",
            donor_key=f"k{i}",
            language="fr" if i % 5 else "en",
            paid_at=start + datetime.timedelta(minutes=50 * i),
            created_at=start + datetime.timedelta(minutes=50 * i),
        )
        for i in range(count)
    ]
    Donation.objects.bulk_create(gifts, batch_size=2000)
    acks = [
        Acknowledgement(donation=gift, site=site, year=2026, number=i + 1)
        for i, gift in enumerate(Donation.objects.order_by("pk"))
    ]
    Acknowledgement.objects.bulk_create(acks, batch_size=2000)
    return list(Acknowledgement.objects.select_related("donation__site").order_by("number"))


def _fresh_pdf(ack):
    """The baseline: the same acknowledgement laid out whole (fields in place),
    everything set up anew for one gift, as a naive loop would."""
    from rostra_donations import pdf
    from weasyprint import HTML

    html = pdf.document_html([pdf.body_html(ack)], ack.donation.language)
    html = html.replace("</head>", f"<style>{pdf.stylesheet_text()}</style></head>")
    return HTML(string=html).write_pdf()


def _cpu():
    """CPU seconds of this process and of its reaped children (the workers)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(work):
    """(wall seconds, CPU seconds) of work()."""
    wall, cpu = time.perf_counter(), _cpu()
    work()
    return time.perf_counter() - wall, _cpu() - cpu


def bench_pdfs(acks, report):
    """Side by side on a slice, in alternating rounds so that the load of a
    shared machine falls on all three alike; then the whole year-end batch."""
    from rostra_donations import tasks

    slice_size = int(os.environ.get("BENCH_PDF_SLICE", 200))
    rounds = int(os.environ.get("BENCH_PDF_ROUNDS", 2))
    workers = int(os.environ.get("BENCH_PDF_WORKERS", os.cpu_count() or 1))
    piece = acks[:slice_size]
    size = max(1, len(piece) // rounds)
    totals = {"fresh": [0, 0], "one": [0, 0], "pool": [0, 0]}
    ways = {
        "fresh": lambda part: [_fresh_pdf(ack) for ack in part],
        "one": lambda part: tasks.render_many(part, batch_size=len(part)),
        "pool": lambda part: tasks.render_many(
            part, batch_size=-(-len(part) // workers), workers=workers
        ),
    }
    print("Load average: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()), flush=True)
    print(
        f"{len(piece)} PDFs in {rounds} rounds: fresh call per gift, batch in one process, "
        f"batch in {workers} worker processes…",
        flush=True,
    )
    for start in range(0, len(piece), size):
        part = piece[start : start + size]
        for way, work in ways.items():
            wall, cpu = _timed(lambda work=work, part=part: work(part))
            totals[way][0] += wall
            totals[way][1] += cpu
            print(f"  {way:<5} {len(part)} PDFs: {wall:6.2f} s wall, {cpu:6.2f} s CPU", flush=True)
    rate = {way: len(piece) / wall for way, (wall, _cpu_s) in totals.items()}
    cpu_each = {way: 1000 * cpu / len(piece) for way, (_wall, cpu) in totals.items()}

    print(f"Year-end batch: {len(acks)} PDFs in {workers} worker process(es)…", flush=True)
    from rostra.people.management.progress import ProgressBar

    bar = ProgressBar(sys.stdout, label="  PDF")
    full_wall, full_cpu = _timed(
        lambda: tasks.render_many(acks, workers=workers, progress=bar.update)
    )
    bar.finish()
    print("Load average: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()), flush=True)

    report.figure(
        "acknowledgement PDFs, fresh WeasyPrint call per gift (baseline)",
        rate["fresh"],
        "PDF/s",
        command=COMMAND,
    )
    report.figure("  CPU per PDF, fresh call per gift", cpu_each["fresh"], "ms", command=COMMAND)
    report.figure("acknowledgement PDFs, batch, one process", rate["one"], "PDF/s", command=COMMAND)
    report.figure("  CPU per PDF, batch", cpu_each["one"], "ms", command=COMMAND)
    report.ratio(
        "batch (one process) vs fresh call per gift, wall",
        rate["one"] / rate["fresh"],
        command=COMMAND,
    )
    report.ratio(
        "batch (one process) vs fresh call per gift, CPU",
        cpu_each["fresh"] / cpu_each["one"],
        command=COMMAND,
    )
    # Not the goal's figure: on the slice each worker is started for a few dozen
    # PDFs, a start the year-end batch pays once.
    report.ratio(
        f"batch ({workers} worker processes) vs fresh call per gift, same slice",
        rate["pool"] / rate["fresh"],
        command=COMMAND,
    )
    report.figure(
        f"  CPU per PDF, batch in {workers} worker processes (same slice)",
        cpu_each["pool"],
        "ms",
        command=COMMAND,
    )
    report.ratio(
        f"batch ({workers} worker processes) vs fresh call per gift, CPU",
        cpu_each["fresh"] / cpu_each["pool"],
        command=COMMAND,
    )
    report.figure(
        f"year-end batch of {len(acks)} acknowledgements ({workers} workers)",
        len(acks) / full_wall,
        "PDF/s",
        command=COMMAND,
    )
    report.figure(
        "  CPU per PDF, year-end batch", 1000 * full_cpu / len(acks), "ms", command=COMMAND
    )
    # The figure: the year-end batch against the fresh call per gift
    # measured on the slice in the same run.
    report.ratio(
        f"year-end batch of {len(acks)} vs fresh call per gift, PDF/s",
        len(acks) / full_wall / rate["fresh"],
        goal=5,
        command=COMMAND,
    )
    report.ratio(
        f"year-end batch of {len(acks)} vs fresh call per gift, CPU per PDF",
        cpu_each["fresh"] / (1000 * full_cpu / len(acks)),
        command=COMMAND,
    )


def _pypdf_per_gift(items):
    """The baseline of overlay.py: each gift's PDF built and written by pypdf
    (its public API), the shared objects copied and written for every gift."""
    import io

    from rostra_donations import overlay

    results = []
    for item in items:
        writer, _drawings = overlay.pdf_writer(item.background.pages, item.pages, item.language)
        output = io.BytesIO()
        writer.write(output)
        results.append(output.getvalue())
    return results


def bench_overlay(acks, report):
    """Writing each gift's PDF, once its fields are laid out: overlay.py (the
    objects the gifts share serialised once, a cross-reference table written by
    hand) against pypdf's writer per gift, alternating rounds on the same batch."""
    from rostra_donations import pdf

    piece = acks[: int(os.environ.get("BENCH_PDF_SLICE", 200))]
    rounds = int(os.environ.get("BENCH_PDF_ROUNDS", 2)) * 2
    renderer = pdf.Renderer()
    items = renderer.lay_out(piece)
    ways = {
        "overlay": lambda: pdf.written(items),
        "pypdf": lambda: _pypdf_per_gift(items),
    }
    cpu = dict.fromkeys(ways, 0.0)
    for _round in range(rounds):
        for way, work in ways.items():
            cpu[way] += _timed(work)[1]
    each = {way: 1000 * seconds / (rounds * len(items)) for way, seconds in cpu.items()}
    report.figure(
        "  CPU per PDF written, pypdf's writer per gift", each["pypdf"], "ms", command=COMMAND
    )
    report.figure("  CPU per PDF written, overlay.py", each["overlay"], "ms", command=COMMAND)
    report.ratio(
        "writing each gift's PDF: overlay.py vs pypdf's writer per gift, CPU",
        each["pypdf"] / each["overlay"],
        command=COMMAND,
    )


def _paused(work):
    from rostra_donations import pdf

    with pdf.cyclic_gc_paused():
        return work()


def bench_gc(acks, report):
    """A batch laid out and written with the cyclic garbage collector paused,
    as the year-end batch does (pdf.cyclic_gc_paused), and running, in
    alternating rounds on the same gifts, CPU time."""
    from rostra_donations import pdf

    piece = acks[: int(os.environ.get("BENCH_PDF_SLICE", 200))]
    rounds = int(os.environ.get("BENCH_PDF_ROUNDS", 2)) * 2
    renderer = pdf.Renderer()
    renderer.render_batch(piece)  # backgrounds laid out before timing
    ways = {
        "running": lambda: renderer.render_batch(piece),
        "paused": lambda: _paused(lambda: renderer.render_batch(piece)),
    }
    cpu = dict.fromkeys(ways, 0.0)
    for _round in range(rounds):
        for way, work in ways.items():
            cpu[way] += _timed(work)[1]
    each = {way: 1000 * seconds / (rounds * len(piece)) for way, seconds in cpu.items()}
    for way, ms in each.items():
        report.figure(
            f"  CPU per PDF of a batch, garbage collector {way}", ms, "ms", command=COMMAND
        )
    report.ratio(
        "batch with the garbage collector paused vs running, CPU",
        each["running"] / each["paused"],
        command=COMMAND,
    )


def bench_webhooks(report):
    import json as jsonlib

    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import path
    from rostra_donations import providers
    from rostra_donations.models import WebhookEvent
    from rostra_donations.testmode import stripe as local
    from wagtail.models import Site

    count = int(os.environ.get("BENCH_WEBHOOKS", 2000))
    site = Site.objects.get(is_default_site=True)
    transport = local.LocalStripe()
    secret = local.WEBHOOK_SECRET
    import stripe
    from rostra_donations import vault
    from rostra_donations.models import PaymentSettings

    # The site's own (sealed) secrets, as in production; Stripe stood in for locally.
    PaymentSettings.objects.filter(site=site).update(
        stripe_secret_key_sealed=vault.seal("sk_test_bench"),
        stripe_webhook_secret_sealed=vault.seal(secret),
    )
    providers.stripe_client = lambda key: stripe.StripeClient(key, http_client=transport)
    # Events the platform receives and ignores after storing (a realistic share
    # of Stripe's traffic) — each verified, stored once, acknowledged.
    events = [
        transport.event("customer.updated", transport.shapes["customer"]) for _ in range(count)
    ]
    bodies = [jsonlib.dumps(e) for e in events]
    headers = [local.sign(b, secret) for b in bodies]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_bare_row (id bigserial primary key, body text)"
        )

    def bare_view(request):
        from django.http import HttpResponse

        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_bare_row (body) VALUES (%s)", [request.body.decode()])
        return HttpResponse("ok")

    from rostra import urls as root

    bare_urls = [path("_bench/bare/", bare_view), *root.urlpatterns]
    module = type(sys)("bench_bare_urls")
    module.urlpatterns = bare_urls
    sys.modules["bench_bare_urls"] = module
    client = Client()
    url = f"/_donations/stripe/{site.pk}/webhook/"
    pairs = list(zip(bodies, headers, strict=True))
    times = {"bare": 0.0, "rostra": 0.0}
    step = max(1, count // 10)
    with override_settings(ROOT_URLCONF="bench_bare_urls"):
        # Alternating rounds: a shared machine's load falls on both alike.
        for start in range(0, count, step):
            began = time.perf_counter()
            for body, _header in pairs[start : start + step]:
                client.post("/_bench/bare/", body, content_type="application/json")
            times["bare"] += time.perf_counter() - began
            began = time.perf_counter()
            for body, header in pairs[start : start + step]:
                response = client.post(
                    url, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
                )
                assert response.status_code == 200, response.content
            times["rostra"] += time.perf_counter() - began
    bare, rostra = count / times["bare"], count / times["rostra"]
    assert WebhookEvent.objects.count() == count
    report.figure(
        "webhook intake: verified, stored once, acknowledged", rostra, "events/s", command=COMMAND
    )
    report.figure("bare Django view storing one row (baseline)", bare, "req/s", command=COMMAND)
    report.ratio("webhook intake vs bare one-row view", rostra / bare, command=COMMAND)


def run():
    import tempfile

    sys.path.insert(0, str(REPO))
    from bench import report

    database_url = _database_url()
    _recreate(database_url)
    media = tempfile.TemporaryDirectory(prefix="rostra-bench-media-")
    try:
        _setup_django(database_url)
        from django.test import override_settings

        # PDFs are stored as in production (files), by the worker processes too.
        override_settings(
            STORAGES={
                "default": {
                    "BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": media.name},
                },
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        ).enable()
        count = int(os.environ.get("BENCH_PDF_COUNT", 10_000))
        print(f"Preparing {count} paid gifts with acknowledgements…", flush=True)
        acks = _fixtures(count)
        parts = os.environ.get("BENCH_DONATIONS_PARTS", "pdfs,overlay,gc,webhooks").split(",")
        if "pdfs" in parts:
            bench_pdfs(acks, report)
        if "overlay" in parts:
            bench_overlay(acks, report)
        if "gc" in parts:
            bench_gc(acks, report)
        if "webhooks" in parts:
            bench_webhooks(report)
    finally:
        from django.db import connections

        connections.close_all()
        _recreate(database_url, drop_only=True)
        media.cleanup()


if __name__ == "__main__":
    run()
