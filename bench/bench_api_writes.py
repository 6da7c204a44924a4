"""API plugin, what it writes: the Person Signup Helper against the petitions
bench's bare one-row INSERT view, and 10,000 webhook events delivered to a
local receiver that is down for the first minute.

Both on the PostgreSQL database ``<BENCH_DB_PREFIX>_api_writes`` (migrated
once, kept), with the API bench's settings (bench/api_site: the test settings,
persistent connections; tasks run at once, in the process that queues them).

**signup** (``BENCH_API_WRITES_PARTS=signup``): through Django's test client
in this process (the whole middleware stack, no HTTP server in front of
either), alternating rounds (``BENCH_SIGNUP_ROUNDS`` 6 × ``BENCH_SIGNUP_REQUESTS``
100): a POST of a new person (name, address, phone, a tag, a consent with its
wording) to ``/api/osdi/v1/people/person_signup`` with a key — its lookup,
rate limit, audit-log row, validation, the people API and its signals — and
the same JSON body POSTed to ``/_bench/insert/``
(bench/petitions_site/urls.py). Figures: requests per second (the goal) and
this process's CPU per request.

**webhooks** (``BENCH_API_WRITES_PARTS=webhooks``): one subscription to
``person.created`` on ``http://127.0.0.1:<BENCH_WEBHOOK_PORT>/hook``;
``BENCH_WEBHOOK_EVENTS`` (10,000) events recorded by ``webhooks.record`` (what
every signal handler calls), in transactions of 100; the receiver (another
process) listens only ``BENCH_WEBHOOK_DOWN`` seconds (60) after the first
event. Two processes, side by side (SKIP
LOCKED), run ``webhooks.deliver_due`` (``manage.py deliver_webhooks``) as soon
as the last run is done, or a second later when nothing was due: they make
each delivery's first try, as the worker's task would, and the retries with
the plugin's backoff (30 s, 1 min, 2 min, …) of those that met the receiver
down (connection refused). The receiver verifies every call with the
``standardwebhooks`` package and counts event ids: all must arrive, each
verified; duplicates are counted (goal < 1 %).

Runs under bench/run.py (``make bench BENCH_ARGS=api_writes``) or alone:
``python -m bench.bench_api_writes``.
"""

import json
import multiprocessing
import os
import statistics
import sys
import time
import urllib.request
from unittest import mock

# Run from the repository's root (bench/run.py does): ``bench`` is importable.
COMMAND = "make bench BENCH_ARGS=api_writes"
PARTS = os.environ.get("BENCH_API_WRITES_PARTS", "signup,webhooks").split(",")
DATABASE = os.environ.get("BENCH_DB_PREFIX", "rostra_bench") + "_api_writes"
SIGNUP_ROUNDS = int(os.environ.get("BENCH_SIGNUP_ROUNDS", "6"))
SIGNUP_REQUESTS = int(os.environ.get("BENCH_SIGNUP_REQUESTS", "100"))
EVENTS = int(os.environ.get("BENCH_WEBHOOK_EVENTS", "10000"))
DOWN = float(os.environ.get("BENCH_WEBHOOK_DOWN", "60"))
PORT = int(os.environ.get("BENCH_WEBHOOK_PORT", "8297"))
DELIVERERS = 2
GIVE_UP = float(os.environ.get("BENCH_WEBHOOK_TIMEOUT", "1800"))


# -- signup ------------------------------------------------------------------


def signup_body(number, run):
    return json.dumps(
        {
            "person": {
                "given_name": "Léa",
                "family_name": f"Durand {number}",
                "email_addresses": [{"address": f"lea.{run}.{number}@example.org"}],
                "postal_addresses": [{"postal_code": "69001", "locality": "Lyon", "country": "FR"}],
                "phone_numbers": [{"number": "04 78 00 00 00"}],
            },
            "add_tags": ["bench"],
            "rostra:consents": [
                {
                    "purpose": "newsletter",
                    "channel": "email",
                    "wording": "Des nouvelles par e-mail.",
                }
            ],
        }
    )


def bench_signup():
    from django.db import connection
    from django.test import Client
    from rostra_api.models import WebhookSubscription

    from bench import report
    from bench.bench_api import api_token
    from bench.petitions_site.urls import CREATE_TABLE

    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)
    # A subscription left by the webhooks part would add its events to each signup.
    WebhookSubscription.objects.all().delete()
    token = api_token({"people": ["read", "write"]})
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    run = int(time.time())
    counter = iter(range(10**9))

    def signup():
        body = signup_body(next(counter), run)
        response = client.post(
            "/api/osdi/v1/people/person_signup", body, content_type="application/json"
        )
        assert response.status_code == 201, response.content[:300]  # noqa: S101

    def insert():
        body = signup_body(next(counter), run)
        response = client.post("/_bench/insert/", body, content_type="application/json")
        assert response.status_code == 200  # noqa: S101

    ways = {"signup": signup, "insert": insert}
    for work in ways.values():  # warm
        for _ in range(10):
            work()
    wall, cpu = dict.fromkeys(ways, 0.0), dict.fromkeys(ways, 0.0)
    for round_number in range(SIGNUP_ROUNDS):
        for name, work in ways.items():
            started, used = time.perf_counter(), time.process_time()
            for _ in range(SIGNUP_REQUESTS):
                work()
            wall[name] += time.perf_counter() - started
            cpu[name] += time.process_time() - used
        done = SIGNUP_REQUESTS * (round_number + 1)
        print(
            f"  round {round_number + 1}: signup {done / wall['signup']:.1f} req/s, "
            f"insert {done / wall['insert']:.1f} req/s (so far)",
            file=sys.stderr,
            flush=True,
        )
    total = SIGNUP_ROUNDS * SIGNUP_REQUESTS
    rate = {name: total / seconds for name, seconds in wall.items()}
    per = {name: seconds / total * 1000 for name, seconds in cpu.items()}
    print(
        f"  CPU per request: signup {per['signup']:.1f} ms, bare insert {per['insert']:.1f} ms; "
        f"load average {os.getloadavg()[0]:.1f}",
        file=sys.stderr,
    )
    report.figure("signup helper", rate["signup"], "req/s", command=COMMAND)
    report.figure("bare one-row INSERT view", rate["insert"], "req/s", command=COMMAND)
    report.ratio(
        "signup helper vs bare INSERT view",
        rate["signup"] / rate["insert"],
        goal=1 / 3,
        command=COMMAND,
    )
    report.ratio(
        "signup helper vs bare INSERT view, by CPU", per["insert"] / per["signup"], command=COMMAND
    )


# -- webhooks ----------------------------------------------------------------


def receive(secret, port, down, started_at):
    """The receiver's process: listens ``down`` seconds after ``started_at``;
    verifies each call with standardwebhooks; GET /stats answers its counts."""
    import http.server

    from standardwebhooks.webhooks import Webhook

    verifier = Webhook(secret)
    seen, counts = set(), {"calls": 0, "verified": 0, "bad": 0, "duplicates": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            counts["calls"] += 1
            try:
                payload = verifier.verify(body, dict(self.headers))
            except Exception:  # counted: a call that does not verify
                counts["bad"] += 1
                self.answer(400, b"")
                return
            counts["verified"] += 1
            if payload["id"] in seen:
                counts["duplicates"] += 1
            seen.add(payload["id"])
            self.answer(204, b"")

        def do_GET(self):
            answer = {**counts, "unique": len(seen), "ids": sorted(seen)}
            self.answer(200, json.dumps(answer).encode())

        def answer(self, status, body):
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    time.sleep(max(0.0, started_at + down - time.time()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.serve_forever()


def deliver_loop(stop):
    """What ``manage.py deliver_webhooks`` does, every second, until told to stop."""
    from django.db import connections
    from rostra_api import webhooks

    try:
        while not stop.is_set():
            if not webhooks.deliver_due(limit=500):
                time.sleep(1)
    finally:
        connections.close_all()


def stats():
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/stats", timeout=5) as answer:  # noqa: S310
        return json.loads(answer.read())


def bench_webhooks():
    from django.db import connections, transaction
    from rostra_api import webhooks
    from rostra_api.models import WebhookDelivery, WebhookEvent, WebhookSubscription
    from wagtail.models import Site

    from bench import report

    site = Site.objects.first()
    WebhookSubscription.objects.all().delete()
    WebhookEvent.objects.all().delete()
    subscription = WebhookSubscription.objects.create(
        site=site,
        url=f"http://127.0.0.1:{PORT}/hook",
        events=["person.created"],
        secret=webhooks.new_secret(),
        allow_private=True,
    )
    fork = multiprocessing.get_context("fork")
    connections.close_all()
    started = time.time()
    receiver = fork.Process(target=receive, args=(subscription.secret, PORT, DOWN, started))
    receiver.start()
    stop = fork.Event()
    deliverers = [fork.Process(target=deliver_loop, args=(stop,)) for _ in range(DELIVERERS)]
    for process in deliverers:
        process.start()
    # Each delivery's first try is the delivery processes' (the worker's, in
    # production), not this process's: the bench settings run a task in the
    # process that queues it.
    queue_nothing = mock.patch.object(webhooks, "with_commit", lambda queue: None)
    ours = set()  # the bench's events (anything else the subscription hears is not counted)
    try:
        with queue_nothing:
            for first in range(0, EVENTS, 100):
                with transaction.atomic():
                    for number in range(first, min(first + 100, EVENTS)):
                        event = webhooks.record(site, "person.created", person_payload(number))
                        ours.add(event.id)
        recorded = time.time() - started
        print(f"  {EVENTS:,} events recorded in {recorded:.0f} s", file=sys.stderr, flush=True)
        pending = WebhookDelivery.objects.exclude(status=WebhookDelivery.Status.DELIVERED)
        while pending.exists() and time.time() - started < GIVE_UP:
            time.sleep(2)
        finished = time.time() - started
        counts = stats()
        received = set(counts.pop("ids"))
    finally:
        stop.set()
        for process in deliverers:
            process.join(timeout=60)
        receiver.terminate()
        receiver.join()
    delivered = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.DELIVERED).count()
    attempts = WebhookDelivery.objects.values_list("attempts", flat=True)
    print(
        f"  receiver: {counts}; delivered rows {delivered:,}; tries per delivery: "
        f"mean {statistics.mean(attempts):.2f}, most {max(attempts)}; "
        f"all delivered {finished:.0f} s after the first event (receiver up at {DOWN:.0f} s); "
        f"load average {os.getloadavg()[0]:.1f}",
        file=sys.stderr,
    )
    print(
        f"  of the bench's {len(ours):,} events {len(ours & received):,} arrived; "
        f"{len(received - ours):,} other events of the subscription arrived too",
        file=sys.stderr,
    )
    report.figure("webhook events arrived, verified", len(ours & received), "events", goal=EVENTS)
    report.figure(
        "webhook calls whose signature failed",
        counts["bad"],
        "calls",
        goal=0,
        higher_is_better=False,
        command=COMMAND,
    )
    report.figure(
        "webhook duplicates",
        100 * counts["duplicates"] / max(counts["unique"], 1),
        "%",
        goal=1,
        higher_is_better=False,
        command=COMMAND,
    )
    report.figure("webhooks: all delivered after", finished, "s", command=COMMAND)


def person_payload(number):
    """An OSDI person as the person.created handler writes it."""
    base = "http://localhost/api/osdi/v1/"
    return {
        "identifiers": [f"rostra:{number}"],
        "given_name": "Léa",
        "family_name": f"Durand {number}",
        "email_addresses": [{"address": f"lea.{number}@example.org", "primary": True}],
        "postal_addresses": [{"postal_code": "69001", "locality": "Lyon", "country": "FR"}],
        "_links": {"self": {"href": f"{base}people/{number}"}},
    }


def main():
    from bench.bench_api import setup

    setup(DATABASE)
    if "signup" in PARTS:
        bench_signup()
    if "webhooks" in PARTS:
        bench_webhooks()


if __name__ == "__main__":
    main()
