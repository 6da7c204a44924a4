"""Real task workers for tests: ``manage.py run_worker`` in subprocesses, on the
test's own database, which a test can stall at a chosen call and kill -9.

The test must commit what the workers read (``transactional_db``). On
PostgreSQL the workers connect to the test database itself; SQLite's test
database lives in memory, so it is copied to a file for them (``share``) and
their work copied back (``pull``) before the test reads it.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

SITE = Path(__file__).resolve().parents[3]
MANAGE = SITE / "manage.py"
STALL = Path(__file__).with_name("stall.py")
# Seconds: short, so that a test sees a dead worker's task come back quickly.
LEASE = 2


class SharedDatabase:
    def __init__(self, folder):
        self.folder = Path(folder)
        self.file = self.folder / "workers.sqlite3"

    @property
    def sqlite(self):
        return connection.vendor == "sqlite"

    def url(self):
        if self.sqlite:
            return f"sqlite:///{self.file}"
        db = connection.settings_dict
        credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"

    def share(self):
        """Make what the test wrote visible to the workers."""
        if self.sqlite:
            connection.ensure_connection()
            self.file.unlink(missing_ok=True)
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.close()

    def pull(self):
        """Make what the workers wrote visible to the test."""
        if self.sqlite:
            connection.ensure_connection()
            source = sqlite3.connect(self.file, timeout=20)
            source.backup(connection.connection)
            source.close()

    def execute(self, sql):
        """Run one statement on the workers' database (read the first value of
        its first row), without copying anything."""
        if self.sqlite:
            shared = sqlite3.connect(self.file, timeout=20)
            try:
                with shared:
                    row = shared.execute(sql).fetchone()
            finally:
                shared.close()
            return row[0] if row else None
        with connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone() if cursor.description else None
        return row[0] if row else None

    def unfinished_tasks(self):
        """How many task results are READY or RUNNING."""
        return self.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING')"
        )

    def wait_for(self, sql, seconds=120):
        deadline = time.monotonic() + seconds
        while not self.execute(sql):
            if time.monotonic() > deadline:
                raise AssertionError(f"still nothing after {seconds}s: {sql}")
            time.sleep(0.1)

    def wait_until_done(self, seconds=180):
        deadline = time.monotonic() + seconds
        while self.unfinished_tasks():
            if time.monotonic() > deadline:
                raise AssertionError(f"tasks still unfinished after {seconds}s")
            time.sleep(0.2)


class Worker:
    """``manage.py run_worker`` as a subprocess with the settings of `make run`
    (DEBUG, the database queue, emails to the outbox table), its files under
    the test's folder."""

    def __init__(self, database, *, stall_at=None, lease=LEASE, extra=()):
        self.database = database
        self.marker = database.folder / f"stalled-{time.monotonic_ns()}"
        self.log = database.folder / f"worker-{time.monotonic_ns()}.log"
        if stall_at:
            command = [sys.executable, str(STALL), stall_at, str(self.marker)]
        else:
            command = [sys.executable, str(MANAGE)]
        command += ["run_worker", "--interval", "0.1", "--lease", str(lease), *extra]
        self.process = subprocess.Popen(
            command,
            env=self.environment(),
            cwd=SITE.parent,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def environment(self):
        folder = self.database.folder
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL", "EMAIL_BACKEND")
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="rostra.settings.dev",
            DATABASE_URL=self.database.url(),
            ROSTRA_VAR_DIR=str(folder),
            MEDIA_ROOT=str(folder / "media"),
            # Secrets sealed by the test (e.g. a site's payment keys) must open.
            SECRET_KEY=settings.SECRET_KEY,
            PYTHONUNBUFFERED="1",
        )
        return environment

    def wait_stalled(self, seconds=180):
        """Wait until the worker is held at the stall point (mid-task)."""
        deadline = time.monotonic() + seconds
        while not self.marker.exists():
            if self.process.poll() is not None:
                raise AssertionError(f"the worker stopped before the stall:\n{self.output()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"the worker never reached the stall:\n{self.output()}")
            time.sleep(0.1)

    def kill(self):
        """kill -9: no clean-up of any kind."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        """What systemd does (KillSignal=SIGINT): finish the task, then exit."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def wait(self, seconds=60):
        return self.process.wait(timeout=seconds)

    def output(self):
        try:
            return self.log.read_text()
        except OSError:
            return ""
