"""Mailings: a broadcast's whole path, its memory over a million recipients,
and counting an audience over a million people (PostgreSQL).

1. Whole path, side by side: a new broadcast to a saved segment of
   BENCH_MAILINGS_SEND people (10,000) — the audience query writing the
   recipient rows (``sending.start``), then the batches (``sending.send_batch``:
   claim, check the audience again, render each copy with its personal fields,
   hand it to SMTP, mark it) — to a local SMTP sink (aiosmtpd, bench/smtp_sink.py,
   a process of its own), against a bare loop sending the same copies,
   rendered beforehand to bytes, over as many SMTP connections (one per batch
   of BENCH_MAILINGS_BATCH, 500) to the same sink with smtplib. The two take
   turns for BENCH_MAILINGS_ROUNDS (3) rounds. Goal: the whole path ≥ 0.5 × the
   bare loop; its rate is printed against the issue's 60,000 a minute.
2. Memory: a broadcast to everyone who consents (BENCH_MAILINGS_PEOPLE,
   1,000,000). One process starts it (the recipient rows, written by the
   database: INSERT … SELECT), another sends BENCH_MAILINGS_MEMORY_SEND
   (20,000) of its copies as a worker does; each prints its peak RSS
   (``getrusage``), goal < 300 MB.
3. Counting: the exact audience count (``audience.count``, what the review
   screen shows) of a segment over the million people, BENCH_MAILINGS_COUNTS
   (20) times: p95 goal < 1 s. A département's segment is printed beside it.

The people (BENCH_MAILINGS_PEOPLE who consent to the newsletter by email, and
one in twenty more who do not) are written by the server (generate_series)
and kept between runs of the same size. BENCH_MAILINGS_PARTS=whole,memory,count
(the default) picks the parts. Database: BENCH_POSTGRES_URL +
"/<BENCH_DB_PREFIX>_mailings"; the sink listens on BENCH_PORT_BASE (8200).
"""

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
COMMAND = "make bench BENCH_ARGS=mailings"
PEOPLE = int(os.environ.get("BENCH_MAILINGS_PEOPLE", "1000000"))
SEND = min(int(os.environ.get("BENCH_MAILINGS_SEND", "10000")), PEOPLE)
BATCH = int(os.environ.get("BENCH_MAILINGS_BATCH", "500"))
ROUNDS = int(os.environ.get("BENCH_MAILINGS_ROUNDS", "3"))
MEMORY_SEND = int(os.environ.get("BENCH_MAILINGS_MEMORY_SEND", "20000"))
COUNTS = int(os.environ.get("BENCH_MAILINGS_COUNTS", "20"))
PARTS = os.environ.get("BENCH_MAILINGS_PARTS", "whole,memory,count").split(",")
DATABASE = os.environ.get("BENCH_DB_PREFIX", "rostra_bench") + "_mailings"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
SINK_PORT = int(os.environ.get("BENCH_PORT_BASE", "8200"))
# The whole path's segment: the first SEND people live in Paris.
PARIS = "75"


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def setup(*, migrate=True):
    """Django on the test settings (SMTP to the sink) and the bench database."""
    os.environ["DATABASE_URL"] = f"{POSTGRES}/{DATABASE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "rostra.settings.test"
    sys.path[:0] = [str(REPO / "site")] + [str(p) for p in sorted((REPO / "plugins").iterdir())]
    if migrate:
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
            ).fetchone()
            if not exists:
                admin.execute(f'CREATE DATABASE "{DATABASE}"')
    import django

    django.setup()
    from django.conf import settings

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": SINK_PORT, "timeout": 20},
        }
    }
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, skip_checks=True)


def fill():
    """PEOPLE consenting people (the first SEND in Paris) and PEOPLE // 20 who
    never consented, each consent a ledger row and its current state, all
    written by the server. Kept between runs of the same size."""
    from django.db import connection

    extra = PEOPLE // 20
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM people_person")
        (count,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM people_person WHERE departement_code = %s", [PARIS])
        (paris,) = cursor.fetchone()
        if count == PEOPLE + extra and paris == SEND:
            return
        print(f"  writing {PEOPLE + extra:,} people…", file=sys.stderr, flush=True)
        cursor.execute("TRUNCATE people_person, mailings_mailing CASCADE")
        cursor.execute(
            """
            INSERT INTO people_person (
                first_name, last_name, email, email_canonical, phone, mobile_phone,
                address_line1, address_line2, postcode, commune, country, language,
                source_kind, source_detail, do_not_contact, do_not_email, do_not_call,
                do_not_text, created_at, updated_at, commune_code, constituency,
                departement_code, district_code, region_code)
            SELECT 'Prénom' || n, 'Nom' || n, 'p' || n || '@example.org',
                'p' || n || '@example.org', '', '', n || ' rue de la République', '',
                lpad((1000 + n %% 95000)::text, 5, '0'), 'Commune ' || (n %% 3000), 'FR',
                'fr', 'import', 'bench', false, false, false, false,
                now() - (n || ' seconds')::interval, now(), '', '',
                CASE WHEN n <= %s THEN %s ELSE lpad((n %% 74 + 1)::text, 2, '0') END, '', ''
            FROM generate_series(1, %s) AS n
            """,
            [SEND, PARIS, PEOPLE + extra],
        )
        cursor.execute(
            """
            INSERT INTO people_consent (person_id, purpose, channel, granted, wording,
                wording_version, "where", where_detail, ip_hash, user_agent, recorded_at)
            SELECT id, 'newsletter', 'email', true, 'Oui', '', 'import', 'bench', '', '',
                created_at
            FROM people_person ORDER BY id LIMIT %s
            """,
            [PEOPLE],
        )
        cursor.execute(
            """
            INSERT INTO people_consentstate (person_id, purpose, channel, granted,
                consent_id, recorded_at)
            SELECT person_id, purpose, channel, granted, id, recorded_at FROM people_consent
            """
        )
        cursor.execute("ANALYZE")


def prepare_site():
    """The sender (a superuser), the site's batch size, the two segments."""
    from django.contrib.auth import get_user_model
    from rostra.people.models import SavedSegment
    from rostra_mailings.models import MailingSettings
    from wagtail.models import Site

    user, _ = get_user_model().objects.get_or_create(
        username="bench-mailings", defaults={"is_superuser": True, "is_staff": True}
    )
    site = Site.objects.get(is_default_site=True)
    rate = MailingSettings.for_site(site)
    rate.batch_size, rate.messages_per_minute = BATCH, 100_000
    rate.save()
    segments = {
        name: SavedSegment.objects.get_or_create(name=name, defaults={"query": query})[0]
        for name, query in (
            ("everyone since 2000", "created_after=2000-01-01"),
            ("Paris", f"departement={PARIS}"),
            ("Rhône", "departement=69"),
        )
    }
    return user, site, segments


def new_mailing(site, segment=None):
    from rostra_mailings.models import Mailing

    return Mailing.objects.create(
        site=site,
        segment=segment,
        subject='{{ first_name|default:"Bonjour" }}, on marche samedi',
        purpose="newsletter",
        body=[
            (
                "text",
                'Chère {{ first_name|default:"amie" }},\n\nNous marchons samedi à '
                "{{ commune }}. Venez avec vos proches : chaque voix compte.\n\n"
                "Rendez-vous à 14 h devant la mairie. https://example.org/marche",
            ),
            ("button", {"label": "Je viens", "url": "https://example.org/marche"}),
            ("text", "À samedi,\n\n{{ candidate_name }}"),
        ],
    )


def send_all(mailing_id, limit=None):
    """Batches until the mailing is sent (or ``limit`` copies), as the task does
    without its pace. Returns the copies sent."""
    from rostra_mailings import sending

    sent = 0
    while limit is None or sent < limit:
        batch = sending.send_batch(mailing_id, BATCH)
        sent += batch.sent
        if batch.stopped or not batch.due:
            break
    return sent


def prerendered(mailing, user):
    """[(from, to, bytes)] of every copy of ``mailing``, for the bare loop: the
    bytes Django's SMTP backend hands to smtplib."""
    import email.policy
    import email.utils

    from rostra.people.models import Person
    from rostra_mailings import sending
    from rostra_mailings.models import Recipient
    from rostra_mailings.rendering import Renderer

    sending.start(mailing, user, enqueue=False)
    renderer = Renderer(mailing, "fr")
    rows = Recipient.objects.filter(mailing=mailing).order_by("pk")
    people = Person.objects.in_bulk([row.person_id for row in rows])
    out, sender = [], email.utils.parseaddr(renderer.from_email)[1]
    for row in rows:
        message = renderer.message(row, people[row.person_id]).message(policy=email.policy.SMTP)
        out.append((sender, people[row.person_id].email, message.as_bytes()))
    return out


def bare_loop(messages):
    import smtplib

    for start in range(0, len(messages), BATCH):
        with smtplib.SMTP("127.0.0.1", SINK_PORT, timeout=20) as smtp:
            for sender, to, data in messages[start : start + BATCH]:
                smtp.sendmail(sender, [to], data)


def whole_path(report, sink, user, site, segments):
    messages = prerendered(new_mailing(site, segments["Paris"]), user)
    seconds = {"whole path": [], "bare loop": []}
    for round_number in range(ROUNDS):
        sink.reset()
        started = time.perf_counter()
        mailing = new_mailing(site, segments["Paris"])
        from rostra_mailings import sending

        queued = sending.start(mailing, user, enqueue=False)
        sent = send_all(mailing.pk)
        seconds["whole path"].append(time.perf_counter() - started)
        received, unique, duplicates = sink.reset()
        if not (queued == sent == received == unique == SEND) or duplicates:
            raise RuntimeError(f"whole path: {queued=} {sent=} {received=} {unique=}")
        started = time.perf_counter()
        bare_loop(messages)
        seconds["bare loop"].append(time.perf_counter() - started)
        received, unique, _duplicates = sink.stats()
        if received != SEND:
            raise RuntimeError(f"bare loop: {received=}")
        print(
            f"  round {round_number + 1}: whole path {SEND / seconds['whole path'][-1]:.0f}/s, "
            f"bare loop {SEND / seconds['bare loop'][-1]:.0f}/s   ({os.getloadavg()[0]:.1f} load)",
            file=sys.stderr,
            flush=True,
        )
    rate = {name: SEND * len(times) / sum(times) for name, times in seconds.items()}
    report.figure(
        "whole path: personalised messages a minute", rate["whole path"] * 60, "msg/min",
        goal=60_000, command=COMMAND,
    )  # fmt: skip
    report.figure(
        "bare SMTP loop, same copies and connections", rate["bare loop"] * 60, "msg/min",
        command=COMMAND,
    )  # fmt: skip
    report.ratio(
        "whole path vs bare SMTP loop", rate["whole path"] / rate["bare loop"], goal=0.5,
        command=COMMAND,
    )  # fmt: skip


def child(*args):
    """Run this module in a process of its own; its last line is its result."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_mailings", *map(str, args)],
        cwd=REPO, env=os.environ, check=True, capture_output=True, text=True,
    )  # fmt: skip
    sys.stderr.write(output.stderr)
    return output.stdout.strip().splitlines()[-1].split()


def memory(report, site, segments):
    mailing = new_mailing(site)
    start_rss, start_seconds, queued = child("start", mailing.pk)
    print(f"  {int(queued):,} recipients written in {float(start_seconds):.1f} s", file=sys.stderr)
    send_rss, sent, send_seconds = child("send", mailing.pk, MEMORY_SEND)
    print(f"  a worker sent {int(sent):,} copies in {float(send_seconds):.1f} s", file=sys.stderr)
    report.figure(
        f"peak RSS, starting a {int(queued):,}-recipient broadcast", float(start_rss), "MB",
        goal=300, higher_is_better=False, command=COMMAND,
    )  # fmt: skip
    report.figure(
        f"peak RSS, a worker sending {int(sent):,} of its copies", float(send_rss), "MB",
        goal=300, higher_is_better=False, command=COMMAND,
    )  # fmt: skip
    from rostra_mailings import sending

    sending.cancel(mailing)


def counting(report, user, site, segments):
    from rostra_mailings import audience

    for name, goal in (("everyone since 2000", 1000), ("Rhône", None)):
        mailing = new_mailing(site, segments[name])
        count = audience.count(mailing, user)  # warm
        times = []
        for _ in range(COUNTS):
            started = time.perf_counter()
            audience.count(mailing, user)
            times.append(time.perf_counter() - started)
        p95 = statistics.quantiles(times, n=20)[-1] * 1000
        report.figure(
            f"audience count p95, segment of {count:,}", p95, "ms",
            goal=goal, higher_is_better=False, command=COMMAND,
        )  # fmt: skip


def main():
    from bench import report
    from bench.smtp_sink import Sink

    with Sink(SINK_PORT) as sink:
        setup()
        fill()
        user, site, segments = prepare_site()
        print(f"  load before: {os.getloadavg()}", file=sys.stderr)
        if "whole" in PARTS:
            whole_path(report, sink, user, site, segments)
        if "count" in PARTS:
            counting(report, user, site, segments)
        if "memory" in PARTS:
            memory(report, site, segments)
        print(f"  load after: {os.getloadavg()}", file=sys.stderr)


def start_child(mailing_id):
    from django.contrib.auth import get_user_model
    from rostra_mailings import sending
    from rostra_mailings.models import Mailing

    user = get_user_model().objects.get(username="bench-mailings")
    started = time.perf_counter()
    queued = sending.start(Mailing.objects.get(pk=mailing_id), user, enqueue=False)
    print(f"{peak_rss_mb():.1f} {time.perf_counter() - started:.2f} {queued}")


def send_child(mailing_id, limit):
    started = time.perf_counter()
    sent = send_all(int(mailing_id), int(limit))
    print(f"{peak_rss_mb():.1f} {sent} {time.perf_counter() - started:.2f}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        setup(migrate=False)
        rss = peak_rss_mb()
        print(f"  {sys.argv[1]}: {rss:.1f} MB peak once Django is set up", file=sys.stderr)
        {"start": start_child, "send": send_child}[sys.argv[1]](*sys.argv[2:])
    else:
        main()
