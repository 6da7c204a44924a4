"""The demo exactly as `make run` serves it: scripts/run-demo itself (migrate,
load_demo, the task worker it starts, runserver), on a fresh SQLite database
in a temporary folder (ROSTRA_VAR_DIR) and a free port (ROSTRA_DEMO_PORT).

Unlike ``live_site`` (rostra.settings.e2e: tasks run inside the request), the
background work here goes through the database queue and the worker, as in
the demo: what the browser sees depends on the worker doing its part.
"""

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.live_site import HOST, free_port
from tests.e2e.requests_log import RequestsLog

ROOT = Path(__file__).resolve().parents[2]
RUN_DEMO = ROOT / "scripts" / "run-demo"


@dataclass
class DemoStack:
    folder: Path
    port: int = 0
    process: subprocess.Popen = None

    @property
    def log_path(self):
        return self.folder / "run-demo.log"

    @property
    def worker_log_path(self):
        return self.folder / "worker.log"

    @property
    def webhooks_log_path(self):
        return self.folder / "webhooks.log"

    @property
    def base_url(self):
        return f"http://{HOST}:{self.port}"

    @property
    def host(self):
        return f"{HOST}:{self.port}"

    def start(self, seconds=900):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        environment = {
            key: value
            for key, value in os.environ.items()
            # run-demo's own settings, not the caller's.
            if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "EMAIL_BACKEND")
        }
        environment.update(
            ROSTRA_VAR_DIR=str(self.folder),
            ROSTRA_DEMO_PORT=str(self.port),
            ROSTRA_DEMO_WEBHOOK_PORT=str(free_port()),
            PYTHONUNBUFFERED="1",
        )
        self.process = subprocess.Popen(
            [str(RUN_DEMO)],
            cwd=ROOT,
            env=environment,
            stdout=self.log_path.open("w"),
            stderr=subprocess.STDOUT,
            # Its own process group: stopping it stops runserver and the worker.
            start_new_session=True,
        )
        self._wait_until_up(seconds)
        return self

    def _wait_until_up(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"run-demo stopped:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(  # noqa: S310 - our own loopback server
                    f"http://127.0.0.1:{self.port}/_health/", timeout=2
                ) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise RuntimeError(f"run-demo did not answer within {seconds}s:\n{self.log_tail()}")

    def stop(self):
        """Ctrl+C, as a person stops `make run`; then whatever is left."""
        if self.process is None:
            return
        group = self.process.pid  # its own session: the group has its id
        try:
            os.killpg(group, signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(group, signal.SIGKILL)
                self.process.wait()
            # The worker finishes its task after the script has gone.
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                os.killpg(group, 0)
                time.sleep(0.2)
            os.killpg(group, signal.SIGKILL)
        except ProcessLookupError:
            pass  # every process of the group has ended

    def log_tail(self, lines=60):
        parts = []
        for path in (self.log_path, self.worker_log_path):
            if path.exists():
                tail = path.read_text().splitlines()[-lines:]
                parts.append(f"--- {path.name}\n" + "\n".join(tail))
        return "\n".join(parts)


@contextmanager
def served(folder):
    """A DemoStack started in ``folder``, stopped at the end (a module fixture's body)."""
    stack = DemoStack(folder)
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


@contextmanager
def visitors(browser, stack, timeout=20_000):
    """A factory of browser contexts on the stack (French), each recording its
    requests in ``context.requests_log``; all closed at the end."""
    contexts = []

    def new(**options):
        context = browser.new_context(base_url=stack.base_url, locale="fr-FR", **options)
        context.set_default_timeout(timeout)
        context.requests_log = RequestsLog({stack.host}).attach(context)
        contexts.append(context)
        return context

    try:
        yield new
    finally:
        for context in contexts:
            context.close()
