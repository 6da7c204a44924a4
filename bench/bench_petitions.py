"""Petitions: signing throughput side by side with a bare one-row INSERT view,
confirmation throughput, and count.json under 100 pollers while signing and
confirming go on (issue 4, "Speed"; results in docs/PERFORMANCE.md).

Rostra is served as in production (bench.serving.RostraStack: gunicorn with
deploy/gunicorn.conf.py, nginx from deploy/nginx, PostgreSQL, Redis, the task
worker) with bench-only settings (bench/petitions_site) that add one bare view,
``/_bench/insert/``, to the same processes: the baseline runs on the very same
server setup, in the same run, right before the signing load.

Signing: wrk clients on loopback post the real form of the demo petition (CSRF
cookie and token, a proof-of-work solution precomputed per request, unique
addresses), so each request goes through validation, the abuse limits (counted
in Redis; raised so that loopback is not throttled), dedupe, the pending
signature, the person record and the confirmation email task.

Confirming: pending signatures stored as the form stores them, their emails
sent by the worker's code (their person records found or created); the bare
view is measured again right before, then each link is opened (GET, the
button's page: its rate is printed) and each button pressed (the POST with the
CSRF token), which confirms, counts and updates the person. Its rate is the
signatures confirmed during the load, its CPU the stack's including the
counter's folds; the goal is the signing's own ratio to the bare view (0.47)
and a p99 under 250 ms.

Each endpoint is warmed up first (BENCH_WARMUP seconds of the same load, default
2, not measured; for signing, with addresses of its own and its emails sent
before the measure starts): the measures compare steady states, not which
endpoint pays for the gunicorn workers' first imports and look-ups.

Environment: BENCH_PORT_BASE (default 8400), BENCH_DB_PREFIX, BENCH_DURATION
(seconds per load, default 10), BENCH_WARMUP (default 2), BENCH_SIGN_CONNECTIONS (default 16),
BENCH_POLLERS (default 100), BENCH_REDIS_URL, GUNICORN_WORKERS.
"""

import json
import math
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import report  # noqa: E402
from bench.serving import RostraStack, request, wrk  # noqa: E402

COMMAND = "make bench BENCH_ARGS=petitions"
LUA = REPO / "bench" / "petitions_site" / "requests.lua"
THREADS = 2


class PetitionsStack(RostraStack):
    """Rostra with the bench-only settings (the bare view added), and the
    counter's own worker as deploy/systemd/rostra-counter.service runs it."""

    extra_workers = {"counter": "counting"}

    def __init__(self, *args, extra_env=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra_env = extra_env or {}

    def environment(self):
        return {
            **super().environment(),
            "DJANGO_SETTINGS_MODULE": "bench.petitions_site.settings",
            "PYTHONPATH": str(REPO),
            # Emails built and serialised as the SMTP backend does, then dropped.
            "EMAIL_BACKEND": "bench.petitions_site.mail.SerialisingBackend",
            **self.extra_env,
        }

    def django(self, code):
        """Run ``code`` in Django on the stack's database; its last stdout line, parsed."""
        out = self.manage("shell", "-c", code).stdout.strip().splitlines()
        return json.loads(out[-1]) if out else None

    def sql(self, query, params=()):
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(query, params).fetchall()


def csrf(stack):
    """A CSRF token and cookie, as the antibot script gets them from /_petitions/form-token/."""
    response = stack.get("/_petitions/form-token/")
    assert response.status == 200, response.body[:300]
    cookie = response.header("set-cookie").split(";", 1)[0]
    return json.loads(response.body)["csrf"], cookie


def form_headers(stack, cookie, referer_path):
    # nginx passes Host without the port (as on 443 in production); the browser's
    # Origin and Referer then match it.
    return [
        "Content-Type: application/x-www-form-urlencoded",
        f"Cookie: {cookie}",
        "Origin: https://localhost",
        f"Referer: https://localhost{referer_path}",
    ]


def write_signing_bodies(stack, prefix, count, token):
    stack.django(
        "from bench.petitions_site import fixtures; "
        f"fixtures.signing_bodies({str(stack.workdir)!r}, {prefix!r}, {count}, {THREADS}, "
        f"{token!r}); print('null')"
    )


def confirm_links(stack, prefix, count, token):
    """``count`` pending signatures with their emails sent, and the files of
    their links (``<prefix>-get-<n>.txt``) and buttons (``<prefix>-<n>.txt``)."""
    stack.django(
        "from bench.petitions_site import fixtures; "
        f"fixtures.pending_signatures({str(stack.workdir)!r}, {prefix!r}, {count}, {THREADS}, "
        f"{token!r})"
    )


def load(stack, path, prefix, headers, *, duration, connections, threads=THREADS):
    return wrk(
        f"https://127.0.0.1:{stack.ports.https}{path}",
        duration=duration,
        connections=connections,
        threads=threads,
        headers=headers,
        script=LUA,
        script_args=[stack.workdir / prefix],
        timeout=30,  # count slow answers in the latency, not as errors
    )


class CpuMeter:
    """CPU seconds the stack spends (gunicorn workers, the task worker, nginx and
    the database's server processes), read from /proc: unlike a rate, CPU per
    request hardly depends on what else the shared machine is doing."""

    def __init__(self, stack):
        self.stack = stack
        self.ticks = os.sysconf("SC_CLK_TCK")

    def pids(self):
        """{pid: group}: the application (gunicorn), the task workers, nginx, the
        database (its server processes for the stack's database)."""
        pids = {}
        for process in self.stack.processes:
            pid = process.popen.pid
            children = subprocess.run(
                ["pgrep", "-P", str(pid)], capture_output=True, text=True
            ).stdout.split()
            group = process.name.rsplit("-", 1)[-1]
            group = {"worker": "task worker", "counter": "counter's worker"}.get(group, group)
            for one in [pid, *map(int, children)]:
                pids[one] = group
        rows = self.stack.sql(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.stack.database]
        )
        return pids | {row[0]: "database" for row in rows}

    def read(self):
        total = {}
        for pid, group in self.pids().items():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total[pid] = (group, (int(fields[11]) + int(fields[12])) / self.ticks)
        return total

    def measure(self, run):
        """(result of run(), CPU seconds spent by the stack meanwhile); the
        seconds of each group of processes are kept in ``self.groups``."""
        before = self.read()
        result = run()
        after = self.read()
        self.groups = {}
        for pid, (group, seconds) in after.items():
            spent = seconds - before.get(pid, (group, 0))[1]
            self.groups[group] = self.groups.get(group, 0) + spent
        return result, sum(self.groups.values())


def wait_for_tasks(stack, timeout=300):
    """Until the task worker has run every queued task (the emails)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = stack.sql(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING')"
        )[0][0]
        if not waiting:
            return
        time.sleep(0.5)


class CounterWatch(threading.Thread):
    """Every half second: count.json as pollers get it (through nginx and its cache),
    the counter in the database, and the truth (confirmed online signatures)."""

    def __init__(self, stack, petition):
        super().__init__(daemon=True)
        self.stack, self.petition = stack, petition
        self.samples = []  # (t, truth, counter, published)
        self.stopped = threading.Event()

    def run(self):
        import psycopg

        with psycopg.connect(self.stack.database_url, autocommit=True) as connection:
            while not self.stopped.wait(0.5):
                truth = connection.execute(
                    "SELECT count(*) FROM petitions_signature WHERE petition_id = %s "
                    "AND state = 'validated' AND source = 'online'",
                    [self.petition["id"]],
                ).fetchone()[0]
                counter = connection.execute(
                    "SELECT online_count FROM petitions_petitionstate WHERE petition_id = %s",
                    [self.petition["id"]],
                ).fetchone()[0]
                published = json.loads(
                    request(self.stack.ports.https, self.petition["path"] + "count.json").body
                )["online"]
                self.samples.append((time.monotonic(), truth, counter, published))

    def worst_lag(self, column):
        """The longest time a shown value stayed behind the truth: for each sample,
        how long ago the truth was last no higher than the value shown."""
        worst = 0.0
        for index, sample in enumerate(self.samples):
            shown = sample[column]
            caught_up = max(
                (t for t, truth, *_ in self.samples[: index + 1] if truth <= shown),
                default=self.samples[0][0],
            )
            worst = max(worst, sample[0] - caught_up)
        return worst


def run():
    duration = int(os.environ.get("BENCH_DURATION", 10))
    warmup = int(os.environ.get("BENCH_WARMUP", 2))
    connections = int(os.environ.get("BENCH_SIGN_CONNECTIONS", 16))
    pollers = int(os.environ.get("BENCH_POLLERS", 100))
    prefix = os.environ.get("BENCH_DB_PREFIX", "rostra_petitions_bench")
    stack = PetitionsStack(
        "petitions",
        database=f"{prefix}_petitions",
        port_base=int(os.environ.get("BENCH_PORT_BASE", 8400)),
        keep=bool(os.environ.get("BENCH_KEEP")),
    )
    try:
        print("Preparing: database, migrations, demo, static files…", flush=True)
        stack.prepare()
        petition = stack.django("from bench.petitions_site import fixtures; fixtures.prepare()")
        stack.start()
        interval = stack.django("from rostra_petitions import conf; print(conf.count_interval())")
        token, cookie = csrf(stack)
        headers = form_headers(stack, cookie, petition["path"])

        # 1. The stack's own limit: a bare view that INSERTs one row.
        (stack.workdir / "bare-0.txt").write_text("POST - body=bench\n")
        (stack.workdir / "bare-1.txt").write_text("POST - body=bench\n")
        print(f"Bare one-row INSERT view, {connections} connections, {duration} s…", flush=True)
        if warmup:
            load(
                stack, "/_bench/insert/", "bare", headers, duration=warmup, connections=connections
            )
        meter = CpuMeter(stack)
        bare, bare_cpu = meter.measure(
            lambda: load(
                stack,
                "/_bench/insert/",
                "bare",
                headers,
                duration=duration,
                connections=connections,
            )
        )
        bare_groups = meter.groups
        stored = stack.sql("SELECT count(*) FROM bench_bare_insert")[0][0]
        print(
            f"  {bare.requests_per_second:.0f} req/s, p99 {bare.latency_ms_p99:.0f} ms, "
            f"{bare.errors} errors, {stored} rows",
            flush=True,
        )

        # 2. Signing, same connections and duration, right after.
        count = math.ceil(bare.requests_per_second * duration * 1.3) + 200
        print(f"Precomputing {count} signing requests (proof of work solved)…", flush=True)
        write_signing_bodies(stack, "sign", count, token)
        if warmup:
            write_signing_bodies(stack, "warm", count * warmup // duration + 100, token)
            load(
                stack,
                petition["sign_path"],
                "warm",
                headers,
                duration=warmup,
                connections=connections,
            )
            wait_for_tasks(stack)
        before = stack.sql("SELECT count(*) FROM petitions_signature")[0][0]
        print(f"Signing, {connections} connections, {duration} s…", flush=True)

        def sign_and_send():
            result = load(
                stack,
                petition["sign_path"],
                "sign",
                headers,
                duration=duration,
                connections=connections,
            )
            wait_for_tasks(stack)  # the confirmation emails are part of the cost
            return result

        signing, signing_cpu = meter.measure(sign_and_send)
        signing_groups = meter.groups
        signed = stack.sql("SELECT count(*) FROM petitions_signature")[0][0] - before
        rate = signed / duration
        print(
            f"  {signing.requests_per_second:.0f} req/s, p99 {signing.latency_ms_p99:.0f} ms, "
            f"{signing.errors} errors; {signed} signatures stored",
            flush=True,
        )

        # 3. Confirmations, side by side with the bare view again: pending
        # signatures stored as the form stores them, their emails sent; each link
        # opened (GET, the button's page), then each button pressed (the POST).
        links = math.ceil(bare.requests_per_second * duration * 1.3) + 200
        print(f"Storing {links} pending signatures and sending their emails…", flush=True)
        confirm_links(stack, "confirm", links, token)
        if warmup:
            confirm_links(stack, "confirm-warm", links * warmup // duration + 100, token)
        print(f"Bare one-row INSERT view again, {connections} connections, {duration} s…")
        if warmup:
            load(
                stack, "/_bench/insert/", "bare", headers, duration=warmup, connections=connections
            )
        bare2, bare2_cpu = meter.measure(
            lambda: load(
                stack,
                "/_bench/insert/",
                "bare",
                headers,
                duration=duration,
                connections=connections,
            )
        )
        bare2_groups = meter.groups
        print(f"  {bare2.requests_per_second:.0f} req/s, p99 {bare2.latency_ms_p99:.0f} ms")
        print(f"Opening the links (GET), {connections} connections, {duration} s…", flush=True)
        if warmup:
            load(stack, "/", "confirm-warm-get", headers, duration=warmup, connections=connections)
        opening = load(
            stack, "/", "confirm-get", headers, duration=duration, connections=connections
        )
        print(f"  {opening.requests_per_second:.0f} req/s, p99 {opening.latency_ms_p99:.0f} ms")
        validated = "SELECT count(*) FROM petitions_signature WHERE state = 'validated'"
        if warmup:
            load(stack, "/", "confirm-warm", headers, duration=warmup, connections=connections)
            wait_for_tasks(stack)
        before = stack.sql(validated)[0][0]
        print(f"Confirming (POST), {connections} connections, {duration} s…", flush=True)

        def confirm_and_count():
            result = load(
                stack, "/", "confirm", headers, duration=duration, connections=connections
            )
            wait_for_tasks(stack)  # the counter's folds are part of the cost
            return result

        confirming, confirming_cpu = meter.measure(confirm_and_count)
        confirming_groups = meter.groups
        confirmations = stack.sql(validated)[0][0] - before
        confirmed = confirmations / duration
        print(
            f"  {confirming.requests_per_second:.0f} req/s, "
            f"p99 {confirming.latency_ms_p99:.0f} ms, {confirming.errors} errors; "
            f"{confirmations} confirmed",
            flush=True,
        )

        # 4. count.json under pollers while signing and confirming go on.
        write_signing_bodies(stack, "sign2", count, token)
        stack.django(
            "from bench.petitions_site import fixtures; "
            f"fixtures.confirmation_requests({str(stack.workdir)!r}, 'confirm2', 1, "
            f"{token!r}, {petition['path']!r}, 100000)"
        )
        watch = CounterWatch(stack, petition)
        watch.start()
        results = {}

        def drive(name, *args, **kwargs):
            results[name] = load(stack, *args, **kwargs)

        before = stack.sql("SELECT count(*) FROM petitions_signature")[0][0]
        print(
            f"count.json with {pollers} pollers while signing and confirming, {duration} s…",
            flush=True,
        )
        (stack.workdir / "poll-0.txt").write_text("GET -\n")
        drivers = [
            threading.Thread(
                target=drive,
                args=("sign", petition["sign_path"], "sign2", headers),
                kwargs={"duration": duration, "connections": connections // 2},
            ),
            threading.Thread(
                target=drive,
                args=("confirm", petition["path"], "confirm2", headers),
                kwargs={"duration": duration, "connections": 4, "threads": 1},
            ),
            threading.Thread(
                target=drive,
                args=("poll", petition["path"] + "count.json", "poll", []),
                kwargs={"duration": duration, "connections": pollers, "threads": 1},
            ),
        ]
        for thread in drivers:
            thread.start()
        for thread in drivers:
            thread.join()
        # The counter catches up after the load (count.json keeps being read, as
        # visitors do): how long it takes is reported.
        load_ended = time.monotonic()
        while time.monotonic() - load_ended < 120:
            time.sleep(1)
            last = watch.samples[-1] if watch.samples else None
            waiting = stack.sql("SELECT count(*) FROM petitions_countdelta")[0][0]
            if last and last[1] == last[2] and not waiting:
                break
        catch_up = time.monotonic() - load_ended
        watch.stopped.set()
        watch.join()
        signed_meanwhile = (
            stack.sql("SELECT count(*) FROM petitions_signature")[0][0] - before
        ) / duration
        poll = results["poll"]
        final = watch.samples[-1]
    finally:
        stack.stop()

    report.figure(
        "bare one-row INSERT view (baseline)", bare.requests_per_second, "req/s", command=COMMAND
    )
    report.figure("bare INSERT view p99 latency", bare.latency_ms_p99, "ms", command=COMMAND)
    report.figure(
        "signing (real form, stored signatures)", rate, "sig/s", goal=500, command=COMMAND
    )
    report.figure(
        "signing p99 latency",
        signing.latency_ms_p99,
        "ms",
        goal=250,
        higher_is_better=False,
        command=COMMAND,
    )
    report.figure("signing errors (non-2xx/3xx or socket)", signing.errors, "req", command=COMMAND)
    bare_ms = 1000 * bare_cpu / max(bare.requests, 1)
    signing_ms = 1000 * signing_cpu / max(signed, 1)
    report.figure("stack CPU per bare INSERT request", bare_ms, "ms", command=COMMAND)
    report.figure("stack CPU per signing (request + email task)", signing_ms, "ms", command=COMMAND)
    # Where the CPU goes, per request: bare INSERT / signing, by group of processes.
    for group in sorted(signing_groups):
        bare_group = 1000 * bare_groups.get(group, 0) / max(bare.requests, 1)
        signing_group = 1000 * signing_groups[group] / max(signed, 1)
        report.figure(
            f"  of which {group}: bare {bare_group:.2f} ms, signing",
            signing_group,
            "ms",
            command=COMMAND,
        )
    report.ratio(
        "signing vs bare INSERT, by CPU per request (idle-machine estimate)",
        bare_ms / signing_ms,
        goal=1 / 3,
        command=COMMAND,
    )
    report.ratio(
        "signing vs bare INSERT view", rate / bare.requests_per_second, goal=1 / 3, command=COMMAND
    )
    report.figure(
        "bare one-row INSERT view, again (confirmations' baseline)",
        bare2.requests_per_second,
        "req/s",
        command=COMMAND,
    )
    report.figure("confirmations (button POST, counted)", confirmed, "conf/s", command=COMMAND)
    report.figure(
        "confirmation p99 latency",
        confirming.latency_ms_p99,
        "ms",
        goal=250,
        higher_is_better=False,
        command=COMMAND,
    )
    report.figure(
        "confirmation errors (non-2xx/3xx or socket)", confirming.errors, "req", command=COMMAND
    )
    bare2_ms = 1000 * bare2_cpu / max(bare2.requests, 1)
    confirming_ms = 1000 * confirming_cpu / max(confirmations, 1)
    report.figure("stack CPU per bare INSERT request, again", bare2_ms, "ms", command=COMMAND)
    report.figure("stack CPU per confirmation", confirming_ms, "ms", command=COMMAND)
    for group in sorted(confirming_groups):
        bare_group = 1000 * bare2_groups.get(group, 0) / max(bare2.requests, 1)
        confirming_group = 1000 * confirming_groups[group] / max(confirmations, 1)
        report.figure(
            f"  of which {group}: bare {bare_group:.2f} ms, confirmation",
            confirming_group,
            "ms",
            command=COMMAND,
        )
    report.ratio(
        "confirming vs bare INSERT, by CPU per request",
        bare2_ms / confirming_ms,
        goal=0.47,
        command=COMMAND,
    )
    report.ratio(
        "confirming vs bare INSERT view",
        confirmed / bare2.requests_per_second,
        goal=0.47,
        command=COMMAND,
    )
    report.figure(
        "confirmation link opened (GET, the button's page)",
        opening.requests_per_second,
        "req/s",
        command=COMMAND,
    )
    report.figure("link opened p99 latency", opening.latency_ms_p99, "ms", command=COMMAND)
    report.ratio(
        "link opened (GET) vs bare INSERT view",
        opening.requests_per_second / bare2.requests_per_second,
        command=COMMAND,
    )
    report.figure(
        f"count.json, {pollers} pollers during signing+confirming",
        poll.requests_per_second,
        "req/s",
        command=COMMAND,
    )
    report.figure("count.json p99 latency", poll.latency_ms_p99, "ms", command=COMMAND)
    report.figure("signing meanwhile", signed_meanwhile, "sig/s", command=COMMAND)
    report.ratio(
        "count.json vs signing rate",
        poll.requests_per_second / max(signed_meanwhile, 0.001),
        goal=10,
        command=COMMAND,
    )
    report.figure(
        "counter (database) worst lag behind confirmations",
        watch.worst_lag(2),
        "s",
        goal=interval,
        higher_is_better=False,
        command=COMMAND,
    )
    report.figure("count.json as served worst lag", watch.worst_lag(3), "s", command=COMMAND)
    report.figure("counter caught up after the load in", catch_up, "s", command=COMMAND)
    print(
        f"After the load: truth {final[1]}, counter {final[2]}, count.json {final[3]} "
        f"(counting interval {interval} s)",
        flush=True,
    )
    if final[1] != final[2]:
        print("COUNTER NOT EXACT after catching up", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(run())
