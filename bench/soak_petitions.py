"""Petitions soak (`make soak`): signing and confirming go on while one gunicorn
worker is killed with SIGKILL, the task worker is killed with SIGKILL (restarted
as systemd would), and PostgreSQL is restarted; afterwards every signing that got
a success response is stored, every confirmation that got one is confirmed, and
the counter equals the confirmed signatures exactly (no loss, no double count)
once the aggregator has caught up — before any recount repairs anything — and
every stored signature's confirmation email has gone out (none left waiting in
the outbox, though the task worker was killed mid-batch), and every
confirmation has reached the supporter database once.

PostgreSQL is a private cluster (initdb + pg_ctl, in a temporary directory, on
BENCH_SOAK_PG_PORT, default 8450): restarting it disturbs nobody else's
databases. Everything else is the production stack of bench.serving (nginx,
gunicorn, Redis, the task worker) with the bench-only settings.

Environment: BENCH_SOAK_SECONDS per phase (default 30), BENCH_SOAK_CLIENTS
(default 12), BENCH_PORT_BASE (default 8410), BENCH_REDIS_URL.
"""

import http.client
import os
import random
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

REPO = Path(__file__).resolve().parent.parent
PG_PORT = int(os.environ.get("BENCH_SOAK_PG_PORT", 8450))
os.environ["BENCH_POSTGRES_URL"] = f"postgres://postgres@127.0.0.1:{PG_PORT}"
sys.path.insert(0, str(REPO))

from bench.bench_petitions import THREADS, PetitionsStack, csrf  # noqa: E402
from bench.serving import BenchError  # noqa: E402

PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]


class PrivatePostgres:
    """A throwaway PostgreSQL cluster owned by the postgres user (the server
    refuses to run as root), listening on loopback only."""

    def __init__(self, port):
        self.port = port
        self.directory = Path(tempfile.mkdtemp(prefix="rostra-soak-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "postgres.log"

    def _run(self, *command, check=True):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(
            [*prefix, *map(str, command)], check=check, capture_output=True, text=True
        )

    def start(self):
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run(PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-N")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.directory}'\nmax_connections = 200\n"
                "fsync = on\nsynchronous_commit = on\n"
            )
        self.pg_ctl("start")
        return self

    def pg_ctl(self, action, *options, check=True):
        return self._run(
            PG_BIN / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.log,
            "-w",
            "-t",
            "60",
            action,
            *options,
            check=check,
        )

    def restart(self, mode="fast"):
        self.pg_ctl("restart", "-m", mode)

    def crash_restart(self):
        """Stop without a checkpoint (like a crash); recovery replays the WAL."""
        self.restart("immediate")

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self.pg_ctl("stop", "-m", "fast", check=False)
        shutil.rmtree(self.directory, ignore_errors=True)


class Client(threading.Thread):
    """One visitor after another on a keep-alive HTTPS connection; every answer
    is recorded against what was sent."""

    def __init__(self, stack, lines, headers, outcomes):
        super().__init__(daemon=True)
        self.stack, self.lines, self.headers, self.outcomes = stack, lines, headers, outcomes
        self.stop = threading.Event()

    def connection(self):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return http.client.HTTPSConnection(
            "127.0.0.1", self.stack.ports.https, timeout=30, context=context
        )

    def run(self):
        connection = self.connection()
        for method, path, body in self.lines:
            if self.stop.is_set():
                break
            try:
                connection.request(method, path, body=body, headers=self.headers)
                response = connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                self.outcomes.append((path, body, response.status, text))
            except (OSError, http.client.HTTPException) as error:
                self.outcomes.append((path, body, None, str(error)))
                connection.close()
                connection = self.connection()
        connection.close()


def read_lines(stack, prefix, files):
    lines = []
    for number in range(files):
        for line in (stack.workdir / f"{prefix}-{number}.txt").read_text().splitlines():
            method, path, body = line.split(" ", 2)
            lines.append((method, path, body))
    return lines


def drive(stack, lines, headers, clients, seconds, events):
    """Spread ``lines`` over ``clients`` threads for ``seconds``; at each
    (fraction, action) of ``events``, run the action. Returns the outcomes."""
    outcomes = []
    share = [lines[n::clients] for n in range(clients)]
    threads = [Client(stack, part, headers, outcomes) for part in share]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for fraction, name, action in events:
        time.sleep(max(0, started + fraction * seconds - time.monotonic()))
        print(f"  t={time.monotonic() - started:5.1f} s: {name}", flush=True)
        action()
    time.sleep(max(0, started + seconds - time.monotonic()))
    for thread in threads:
        thread.stop.set()
    for thread in threads:
        thread.join()
    return outcomes


def gunicorn_worker_pids(stack):
    master = next(p for p in stack.processes if p.name.endswith("gunicorn")).popen.pid
    children = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True
    ).stdout.split()
    return [int(pid) for pid in children]


class TaskWorkerKeeper(threading.Thread):
    """What systemd's Restart=always does for rostra-worker: start it again
    2 s after it died (killed, or exited on a lost database)."""

    def __init__(self, stack):
        super().__init__(daemon=True)
        self.stack = stack
        self.stopped = threading.Event()
        self.restarts = 0

    def worker(self):
        return next(p for p in self.stack.processes if p.name.endswith("worker"))

    def run(self):
        while not self.stopped.wait(0.5):
            process = self.worker()
            if process.popen.poll() is not None:
                time.sleep(2)
                self.stack.processes.remove(process)
                process.stop()
                self.stack.start_task_worker()
                self.restarts += 1

    def kill(self):
        os.kill(self.worker().popen.pid, signal.SIGKILL)


def main():
    seconds = int(os.environ.get("BENCH_SOAK_SECONDS", 30))
    clients = int(os.environ.get("BENCH_SOAK_CLIENTS", 12))
    postgres = PrivatePostgres(PG_PORT)
    stack = PetitionsStack(
        "soak",
        database="rostra_petitions_soak",
        port_base=int(os.environ.get("BENCH_PORT_BASE", 8410)),
        keep=bool(os.environ.get("BENCH_KEEP")),
    )
    failures = []
    try:
        print(f"Private PostgreSQL on 127.0.0.1:{PG_PORT} ({postgres.directory})…", flush=True)
        postgres.start()
        print("Preparing the stack (migrate, demo, static files)…", flush=True)
        stack.prepare()
        petition = stack.django("from bench.petitions_site import fixtures; fixtures.prepare()")
        stack.start()
        keeper = TaskWorkerKeeper(stack)
        keeper.start()
        token, cookie = csrf(stack)
        headers = {
            "Host": "localhost",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Origin": "https://localhost",
            "Referer": f"https://localhost{petition['path']}",
        }
        count = clients * seconds * 40  # more than the clients can send in the time
        stack.django(
            "from bench.petitions_site import fixtures; "
            f"fixtures.signing_bodies({str(stack.workdir)!r}, 'sign', {count}, {THREADS}, "
            f"{token!r}); print('null')"
        )
        lines = [
            (method, petition["sign_path"] if path == "-" else path, body)
            for method, path, body in read_lines(stack, "sign", THREADS)
        ]

        def kill_gunicorn_worker():
            pid = random.choice(gunicorn_worker_pids(stack))
            os.kill(pid, signal.SIGKILL)

        print(f"Phase 1: signing, {clients} clients, {seconds} s", flush=True)
        signing = drive(
            stack,
            lines,
            headers,
            clients,
            seconds,
            [
                (0.25, "kill -9 a gunicorn worker", kill_gunicorn_worker),
                (0.45, "kill -9 the task worker", keeper.kill),
                (0.6, "restart PostgreSQL (fast)", postgres.restart),
            ],
        )
        ok = {parse_qs(body)["email"][0] for _path, body, status, _text in signing if status == 302}
        refused = [status for _p, _b, status, _t in signing if status != 302]
        stored = {
            row[0]
            for row in stack.sql("SELECT email FROM petitions_signature WHERE email LIKE 'sign.%%'")
        }
        lost = ok - stored
        print(
            f"  {len(signing)} requests: {len(ok)} answered 302 (signed), {len(refused)} "
            f"not ({summary(refused)}); {len(stored)} stored; lost: {len(lost)}",
            flush=True,
        )
        if lost:
            failures.append(f"{len(lost)} signings answered with success but not stored")

        stack.django(
            "from bench.petitions_site import fixtures; "
            f"fixtures.confirmation_requests({str(stack.workdir)!r}, 'confirm', 1, "
            f"{token!r}, {petition['path']!r}, 10**9)"
        )
        confirm_lines = read_lines(stack, "confirm", 1)
        print(f"Phase 2: confirming {len(confirm_lines)} signatures, {clients} clients", flush=True)
        confirming = drive(
            stack,
            confirm_lines * 2,  # every link clicked twice: replays must not count
            headers,
            clients,
            seconds,
            [
                (0.2, "kill -9 the task worker", keeper.kill),
                (0.4, "kill -9 a gunicorn worker", kill_gunicorn_worker),
                (0.55, "restart PostgreSQL (immediate: a crash)", postgres.crash_restart),
                (0.75, "kill -9 the task worker", keeper.kill),
            ],
        )
        # A confirmed link answers 303, to the petition's thank-you page.
        answered = [o for o in confirming if o[2] == 303]
        confirmed_ids = {
            int(urlsplit(path).path.rstrip("/").split("/")[-2]) for path, *_ in answered
        }
        other = [status for _p, _b, status, text in confirming if status not in (200, 303)]
        print(
            f"  {len(confirming)} requests: {len(answered)} answered 'confirmed' "
            f"({len(confirmed_ids)} distinct), {len(other)} errors ({summary(other)})",
            flush=True,
        )

        print("Waiting for the aggregator to catch up (count.json polled as visitors do)…")
        truth_sql = (
            "SELECT count(*) FROM petitions_signature WHERE petition_id = %s "
            "AND state = 'validated' AND source = 'online'"
        )
        counter_sql = "SELECT online_count FROM petitions_petitionstate WHERE petition_id = %s"
        deadline = time.monotonic() + 120
        while True:
            stack.get(petition["path"] + "count.json")
            truth = stack.sql(truth_sql, [petition["id"]])[0][0]
            counter = stack.sql(counter_sql, [petition["id"]])[0][0]
            waiting = stack.sql("SELECT count(*) FROM petitions_countdelta")[0][0]
            if (truth == counter and not waiting) or time.monotonic() > deadline:
                break
            time.sleep(1)
        validated = {
            row[0]
            for row in stack.sql(
                "SELECT id FROM petitions_signature WHERE state = 'validated' "
                "AND email LIKE 'sign.%%'"
            )
        }
        unconfirmed = confirmed_ids - validated
        print(
            f"  truth {truth} confirmed online signatures, counter {counter}, "
            f"deltas waiting {waiting}; task worker restarted {keeper.restarts} time(s)",
            flush=True,
        )
        if unconfirmed:
            failures.append(f"{len(unconfirmed)} confirmations answered but not stored")
        if counter != truth or waiting:
            failures.append(f"counter {counter} != confirmed {truth} (deltas waiting {waiting})")
        # Every stored signature's confirmation email went out (the outbox is
        # empty): rows are marked sent in the transaction that sent them, and a
        # run lost with a killed worker is rescheduled by count.json (heal).
        outbox_sql = (
            "SELECT count(*) FROM petitions_signature WHERE confirmation_sent_at IS NULL "
            "AND source = 'online' AND state IN ('pending', 'fraudulent') "
            "AND validated_at IS NULL"
        )
        deadline = time.monotonic() + 150
        while True:
            stack.get(petition["path"] + "count.json")
            unsent = stack.sql(outbox_sql)[0][0]
            if not unsent or time.monotonic() > deadline:
                break
            time.sleep(2)
        print(f"  confirmation emails still waiting in the outbox: {unsent}", flush=True)
        if unsent:
            failures.append(f"{unsent} confirmation emails never sent")
        # Every confirmation reached the supporter database once: none waits in
        # its outbox, and each confirmed signer has one signature timeline entry.
        recording_sql = "SELECT count(*) FROM petitions_confirmation"
        deadline = time.monotonic() + 150
        while True:
            stack.get(petition["path"] + "count.json")
            unrecorded = stack.sql(recording_sql)[0][0]
            if not unrecorded or time.monotonic() > deadline:
                break
            time.sleep(2)
        entries = stack.sql(
            "SELECT s.id, count(t.id) FROM petitions_signature s "
            "LEFT JOIN people_timelineentry t ON t.person_id = s.person_id "
            "AND t.kind = 'signature' AND (t.data->>'signature')::bigint = s.id "
            "WHERE s.state = 'validated' AND s.email LIKE 'sign.%%' GROUP BY s.id"
        )
        not_once = [row for row in entries if row[1] != 1]
        print(
            f"  confirmations still waiting to be recorded: {unrecorded}; confirmed signers "
            f"not on their timeline exactly once: {len(not_once)}",
            flush=True,
        )
        if unrecorded:
            failures.append(f"{unrecorded} confirmations never recorded")
        if not_once:
            failures.append(f"{len(not_once)} confirmations recorded other than once")
        drift = stack.django(
            "import json; from rostra_petitions import counting; "
            "print(json.dumps([[d.online, d.paper] for d in counting.recount()]))"
        )
        print(f"  recount afterwards: drift {drift or 'none'}", flush=True)
        if drift:
            failures.append(f"recount found drift {drift}")
        keeper.stopped.set()
    except BenchError as error:
        failures.append(str(error))
    finally:
        stack.stop()
        postgres.stop()
    print("SOAK " + ("PASSED" if not failures else "FAILED: " + "; ".join(failures)), flush=True)
    return 1 if failures else 0


def summary(statuses):
    counts = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{status}: {n}" for status, n in sorted(counts.items(), key=str)) or "none"


if __name__ == "__main__":
    sys.exit(main())
