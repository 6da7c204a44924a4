"""Donations: acknowledgement PDFs (year-end batch) and webhook intake.

PDFs: a year-end batch of BENCH_PDF_COUNT acknowledgements (default 10,000)
rendered the way tasks.render_many does it (one renderer per worker process,
many acknowledgements laid out per document), side by side on a slice
(BENCH_PDF_SLICE, default 100) with the baseline the issue names: a fresh
``HTML(string=...).write_pdf()`` per gift, stylesheet and fonts set up anew.

Webhooks: signed Stripe events verified, stored once and applied, per second,
side by side with a bare Django view that stores one row per request; both
through Django's test client, in one process, on the same database.

Runs standalone (``python -m bench.bench_donations``) or through bench/run.py
(``run()``). Database: BENCH_POSTGRES_URL + "/<BENCH_DB_PREFIX>_donations",
created and dropped here.
"""

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
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
    """The baseline: everything set up anew for one gift, as a naive loop would."""
    from rostra_donations import pdf
    from weasyprint import HTML

    html = pdf.document_html([pdf.body_html(ack)], ack.donation.language)
    html = html.replace("</head>", f"<style>{pdf.stylesheet_text()}</style></head>")
    return HTML(string=html).write_pdf()


def _worker_batch(ids):
    """One worker process: its own renderer, chunks of acknowledgements laid out together."""
    from rostra_donations import pdf
    from rostra_donations.models import Acknowledgement

    acks = list(Acknowledgement.objects.select_related("donation__site").filter(pk__in=ids))
    total = 0
    for start in range(0, len(acks), 200):
        for _ack, content in pdf.renderer().render_batch(acks[start : start + 200]):
            total += len(content)
    return len(acks), total


def _init_worker(database_url):
    _setup_django(database_url)


def bench_pdfs(database_url, acks, report):
    from rostra_donations import pdf

    slice_size = int(os.environ.get("BENCH_PDF_SLICE", 100))
    piece = acks[:slice_size]
    print(f"Baseline: {len(piece)} PDFs, one fresh HTML(string=...).write_pdf() each…", flush=True)
    started = time.perf_counter()
    for ack in piece:
        _fresh_pdf(ack)
    baseline = len(piece) / (time.perf_counter() - started)

    print(f"Batch renderer, one process, same {len(piece)}…", flush=True)
    started = time.perf_counter()
    renderer = pdf.Renderer()
    for start in range(0, len(piece), 200):
        renderer.render_batch(piece[start : start + 200])
    one_process = len(piece) / (time.perf_counter() - started)

    workers = int(os.environ.get("BENCH_PDF_WORKERS", os.cpu_count() or 1))
    chunks = [[a.pk for a in piece[i::workers]] for i in range(workers)]
    from django.db import connections

    connections.close_all()
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(database_url,)) as pool:
        list(pool.map(_worker_batch, [[a.pk for a in piece[:workers]]] * workers))  # warm up
        started = time.perf_counter()
        list(pool.map(_worker_batch, chunks))
        batch_slice = len(piece) / (time.perf_counter() - started)

        print(f"Year-end batch: {len(acks)} PDFs in {workers} worker process(es)…", flush=True)
        ids = [a.pk for a in acks]
        size = max(1, len(ids) // (workers * 10))
        started = time.perf_counter()
        done = 0
        for count, _bytes in pool.map(
            _worker_batch, [ids[i : i + size] for i in range(0, len(ids), size)]
        ):
            done += count
            print(f"\r  {done}/{len(ids)} PDFs", end="", flush=True)
        print()
        full = done / (time.perf_counter() - started)

    report.figure(
        "acknowledgement PDFs, fresh WeasyPrint call per gift (baseline)",
        baseline,
        "PDF/s",
        command=COMMAND,
    )
    report.figure(
        "acknowledgement PDFs, batch renderer, one process", one_process, "PDF/s", command=COMMAND
    )
    report.ratio(
        "batch renderer (one process) vs fresh call per gift",
        one_process / baseline,
        command=COMMAND,
    )
    report.ratio(
        f"batch renderer ({workers} workers) vs fresh call per gift, same slice",
        batch_slice / baseline,
        goal=5,
        command=COMMAND,
    )
    report.figure(f"year-end batch of {len(acks)} acknowledgements", full, "PDF/s", command=COMMAND)


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
    with override_settings(ROOT_URLCONF="bench_bare_urls"):
        started = time.perf_counter()
        for body in bodies:
            client.post("/_bench/bare/", body, content_type="application/json")
        bare = count / (time.perf_counter() - started)
        started = time.perf_counter()
        for body, header in zip(bodies, headers, strict=True):
            response = client.post(
                url, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
            )
            assert response.status_code == 200, response.content
        rostra = count / (time.perf_counter() - started)
    assert WebhookEvent.objects.count() == count
    report.figure(
        "webhook intake: verified, stored once, acknowledged", rostra, "events/s", command=COMMAND
    )
    report.figure("bare Django view storing one row (baseline)", bare, "req/s", command=COMMAND)
    report.ratio("webhook intake vs bare one-row view", rostra / bare, command=COMMAND)


def run():
    sys.path.insert(0, str(REPO))
    from bench import report

    database_url = _database_url()
    _recreate(database_url)
    try:
        _setup_django(database_url)
        count = int(os.environ.get("BENCH_PDF_COUNT", 10_000))
        print(f"Preparing {count} paid gifts with acknowledgements…", flush=True)
        acks = _fixtures(count)
        bench_pdfs(database_url, acks, report)
        bench_webhooks(report)
    finally:
        from django.db import connections

        connections.close_all()
        _recreate(database_url, drop_only=True)


if __name__ == "__main__":
    run()
