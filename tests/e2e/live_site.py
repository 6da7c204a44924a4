"""The demo site served for the browser tests, as `make run` serves it.

One server per test session: a fresh SQLite file in a temporary folder,
migrated and loaded with the demo once, then ``manage.py runserver`` on a free
port of the project's e2e range (8100-8199). Settings: rostra.settings.e2e
(emails kept in the outbox table, tasks run at once, a cache both processes
share). The test process is pointed at the same database file, cache and media
folder, so a test reads the outbox and queries or changes models directly.
"""

import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MANAGE = ROOT / "site" / "manage.py"
PORTS = range(8100, 8200)
HOST = "localhost"


def free_port():
    """A port of the e2e range nobody listens on (tried in random order, so two
    sessions started together rarely race for the same one)."""
    candidates = list(PORTS)
    random.shuffle(candidates)
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("No free port in 8100-8199 for the browser tests' server.")


@dataclass
class LiveSite:
    folder: Path
    port: int = 0
    process: subprocess.Popen = None
    environment: dict = field(default_factory=dict)

    @property
    def database_path(self):
        return self.folder / "site.sqlite3"

    @property
    def media_root(self):
        return self.folder / "media"

    @property
    def cache_dir(self):
        return self.folder / "cache"

    @property
    def log_path(self):
        return self.folder / "server.log"

    @property
    def host(self):
        """host:port of the national site, as the browser sends it."""
        return f"{HOST}:{self.port}"

    @property
    def base_url(self):
        return f"http://{self.host}"

    def url(self, path="/", *, subdomain=None):
        """An address on the national site, or on a site of the network living at
        ``<subdomain>.localhost`` (Chromium resolves every *.localhost to loopback)."""
        host = f"{subdomain}.{HOST}:{self.port}" if subdomain else self.host
        return f"http://{host}{path}"

    def host_for(self, subdomain):
        return f"{subdomain}.{HOST}:{self.port}"

    # -- lifecycle ---------------------------------------------------------

    def _manage(self, *args):
        result = subprocess.run(
            [sys.executable, str(MANAGE), *args],
            env=self.environment,
            cwd=ROOT,
            capture_output=True,
            text=True,
            # The migrations and the demo take minutes on a busy machine: at
            # least as long as the server is given to start.
            timeout=max(600, int(os.environ.get("ROSTRA_E2E_START_SECONDS", 60))),
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed for the browser tests:\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def start(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        environment = {
            key: value
            for key, value in os.environ.items()
            # The server takes its settings from here, not from the caller's shell.
            if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "EMAIL_BACKEND")
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="rostra.settings.e2e",
            DATABASE_URL=f"sqlite:///{self.database_path}",
            ROSTRA_VAR_DIR=str(self.folder),
            ROSTRA_E2E_CACHE_DIR=str(self.cache_dir),
            MEDIA_ROOT=str(self.media_root),
            WAGTAILADMIN_BASE_URL=self.base_url,
            PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1",
            PYTHONUNBUFFERED="1",
        )
        self.environment = environment
        self._manage("migrate", "--noinput", "-v", "0")
        # The demo's sites answer on port 8000 under `make run`; here on this
        # server's port, so the full URLs they write (emails, "view live") lead here.
        self._manage("load_demo", "--port", str(self.port))
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(MANAGE),
                "runserver",
                "--noreload",
                f"127.0.0.1:{self.port}",
            ],
            env=environment,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_until_up()
        except RuntimeError:
            self.stop()  # no server left behind on its port when start-up fails
            raise
        return self

    # A machine shared by several test runs may need longer: ROSTRA_E2E_START_SECONDS.
    def _wait_until_up(self, seconds=None):
        seconds = seconds or int(os.environ.get("ROSTRA_E2E_START_SECONDS", 60))
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The server stopped at start-up:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(  # noqa: S310 - our own loopback server
                    f"http://127.0.0.1:{self.port}/_health/", timeout=2
                ) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.25)
        raise RuntimeError(f"The server did not answer within {seconds}s:\n{self.log_tail()}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self, lines=40):
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    # -- the test process shares the server's data ----------------------------

    def point_django_here(self):
        """Make this (pytest) process use the server's database, cache and media.

        The database dict is changed in place: Django's connections keep a
        reference to it, so every connection opened from now on reaches the
        server's file. Returns the override of the other settings (to disable
        at the end of the session).
        """
        from django.conf import global_settings, settings
        from django.db import connections
        from django.test.utils import override_settings

        connections.close_all()
        database = settings.DATABASES["default"]
        database.clear()
        database.update(
            ENGINE="django.db.backends.sqlite3",
            NAME=str(self.database_path),
            CONN_MAX_AGE=0,
            CONN_HEALTH_CHECKS=False,
            AUTOCOMMIT=True,
            ATOMIC_REQUESTS=False,
            TIME_ZONE=None,
            USER="",
            PASSWORD="",
            HOST="",
            PORT="",
            TEST={},
            # Same as the server: the two processes write to one WAL-mode file.
            OPTIONS={
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        )
        override = override_settings(
            CACHES={
                "default": {
                    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                    "LOCATION": str(self.cache_dir),
                }
            },
            MEDIA_ROOT=str(self.media_root),
            STORAGES={
                **settings.STORAGES,
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            },
            WAGTAILADMIN_BASE_URL=self.base_url,
            # The test settings' fast MD5 hasher is unknown to the server: a
            # password set here must be one the server can check.
            PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS,
        )
        override.enable()
        return override

    def outbox(self):
        """Every email the site has sent (newest last), read from the outbox table."""
        from rostra.mail.models import OutboxMessage

        return OutboxMessage.objects.order_by("pk")
