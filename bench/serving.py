"""Serving an app the way docs/deployment.md says, on loopback test ports.

A stack is one Django project behind the repo's own deployment files:
gunicorn started with deploy/gunicorn.conf.py, nginx with
deploy/nginx/rostra.conf.template rendered by deploy/render-nginx-conf (TLS with
a throwaway certificate, a temporary cache directory), PostgreSQL, Redis and,
for Rostra, the task worker. ``RostraStack`` serves the demo; ``PlainWagtailStack``
serves the home page of a fresh ``wagtail start`` project the same way, without
the page cache: the baseline. See bench/README.md.
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / ".bench"
PYTHON = Path(sys.executable)
VENV_BIN = PYTHON.parent
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"


class BenchError(RuntimeError):
    """Something the bench needs is missing or did not start; the message says what."""


# --- PostgreSQL ---------------------------------------------------------------


def create_database(name):
    """A fresh, empty database (dropped first if it exists)."""
    import psycopg

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise BenchError(f"database name {name!r}: use lower-case letters, digits and _")
    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{POSTGRES_URL}/{name}"


def drop_database(name):
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Processes ----------------------------------------------------------------


class Process:
    """A server process with its output in a log file, stopped on exit."""

    def __init__(self, name, command, *, env, cwd, log_dir):
        self.name = name
        self.log_path = Path(log_dir) / f"{name}.log"
        self._log = self.log_path.open("ab")
        self.popen = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def check_running(self):
        if self.popen.poll() is not None:
            raise BenchError(f"{self.name} exited ({self.popen.returncode}):\n{self.log_tail()}")

    def log_tail(self, lines=30):
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.popen.poll() is None:
            self.popen.send_signal(sig)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self._log.close()


def port_is_free(port):
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@dataclass(frozen=True)
class Ports:
    """Four consecutive loopback ports from ``base``: gunicorn, HTTP, HTTPS, purge."""

    base: int

    @property
    def app(self):
        return self.base

    @property
    def http(self):
        return self.base + 1

    @property
    def https(self):
        return self.base + 2

    @property
    def purge(self):
        return self.base + 3

    def check_free(self):
        busy = [port for port in range(self.base, self.base + 4) if not port_is_free(port)]
        if busy:
            raise BenchError(f"ports {busy} are in use: set BENCH_PORT_BASE to a free range")


# --- nginx ----------------------------------------------------------------------


def self_signed_certificate(directory):
    """A throwaway certificate for localhost (nginx terminates TLS as in production)."""
    certificate, key = Path(directory) / "tls.crt", Path(directory) / "tls.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-keyout",
            key,
            "-out",
            certificate,
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


def render_nginx_site(
    *,
    server_names,
    app_server,
    ports,
    static_root,
    media_root,
    cache_dir,
    certificate,
    key,
    page_cache=True,
):
    """deploy/nginx/rostra.conf.template filled by deploy/render-nginx-conf, as in production."""
    env = {
        **os.environ,
        "ROSTRA_SERVER_NAMES": server_names,
        "ROSTRA_APP_SERVER": app_server,
        "ROSTRA_HTTP_LISTEN": f"127.0.0.1:{ports.http}",
        "ROSTRA_HTTP_LISTEN_IPV6": f"[::1]:{ports.http}",
        "ROSTRA_HTTPS_LISTEN": f"127.0.0.1:{ports.https}",
        "ROSTRA_HTTPS_LISTEN_IPV6": f"[::1]:{ports.https}",
        "ROSTRA_PURGE_LISTEN": f"127.0.0.1:{ports.purge}",
        "ROSTRA_STATIC_ROOT": str(static_root),
        "ROSTRA_MEDIA_ROOT": str(media_root),
        "ROSTRA_CACHE_DIR": str(cache_dir),
        "ROSTRA_ACME_ROOT": str(Path(cache_dir).parent / "acme"),
        "ROSTRA_TLS_CERTIFICATE": str(certificate),
        "ROSTRA_TLS_CERTIFICATE_KEY": str(key),
        "ROSTRA_PROXY_CACHE": "rostra_pages" if page_cache else "off",
    }
    result = subprocess.run(
        [REPO / "deploy" / "render-nginx-conf"], env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise BenchError(f"deploy/render-nginx-conf failed: {result.stderr}")
    return result.stdout


def nginx_main_config(prefix, site_config_path, cache_dir):
    """The main nginx.conf Debian ships, reduced to what a private prefix needs.
    As root, workers run as www-data like Debian's, owning their cache and temp dirs."""
    prefix = Path(prefix)
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "temp" / folder).mkdir(parents=True, exist_ok=True)
    Path(cache_dir).mkdir(parents=True, exist_ok=True)
    user = ""
    if os.geteuid() == 0:
        user = "user www-data;"
        prefix.chmod(0o755)  # static and media files readable by the workers
        for path in [Path(cache_dir), *(prefix / "temp").rglob("*"), prefix / "temp"]:
            shutil.chown(path, "www-data", "www-data")
    return f"""load_module {PURGE_MODULE};
{user}
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    include {site_config_path};
}}
"""


def nginx_test(prefix, config_path):
    """``nginx -t`` on a config under ``prefix``; returns (ok, output)."""
    result = subprocess.run(
        ["nginx", "-t", "-p", str(prefix), "-c", str(config_path), "-e", f"{prefix}/error.log"],
        capture_output=True,
        text=True,
    )
    return result.returncode == 0, result.stderr


# --- HTTP ---------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict
    body: str

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)


def request(port, path, *, method="GET", headers=None, tls=True, host="localhost", timeout=10):
    """One request to nginx on loopback (certificate not checked: it is throwaway)."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=timeout, context=context
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def wait_until(check, *, timeout=60, interval=0.2, what="the server"):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError as error:
            last_error = error
        time.sleep(interval)
    raise BenchError(f"{what} did not answer within {timeout} s ({last_error})")


# --- Load -----------------------------------------------------------------------


@dataclass
class LoadResult:
    requests_per_second: float
    latency_ms_avg: float
    latency_ms_p99: float
    requests: int
    errors: int
    command: str


def wrk(
    url,
    *,
    duration=10,
    connections=32,
    threads=2,
    host="localhost",
    timeout=2,
    headers=(),
    script=None,
    script_args=(),
):
    """Drive ``url`` with wrk (loopback only) and read its summary. A response
    slower than ``timeout`` seconds counts as an error (wrk's default: 2).
    ``script``: a wrk Lua script (e.g. POST bodies read from files), ``script_args``
    after ``--``; ``headers``: more "Name: value" headers."""
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        f"--timeout={timeout}s",
        "--latency",
        "-H",
        f"Host: {host}",
    ]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *[str(arg) for arg in script_args]]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + timeout + 60
    )
    output = result.stdout
    if result.returncode:
        raise BenchError(f"wrk failed: {result.stderr or output}")

    def number(pattern, default=None):
        match = re.search(pattern, output)
        return match.group(1) if match else default

    def milliseconds(value):
        amount, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
        return float(amount) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non_2xx = int(number(r"Non-2xx or 3xx responses: (\d+)", 0))
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    return LoadResult(
        requests_per_second=float(number(r"Requests/sec:\s+([\d.]+)")),
        latency_ms_avg=milliseconds(number(r"Latency\s+([\d.]+(?:us|ms|s))")),
        latency_ms_p99=milliseconds(number(r"99%\s+([\d.]+(?:us|ms|s))")),
        requests=int(number(r"(\d+) requests in")),
        errors=non_2xx + socket_errors,
        command=" ".join(command),
    )


# --- Stacks ---------------------------------------------------------------------


class Stack:
    """One Django project served by gunicorn behind nginx on loopback ports."""

    name = "stack"
    health_path = "/"
    wsgi_app = None  # None: deploy/gunicorn.conf.py's own (Rostra)
    project_dir = REPO / "site"

    def __init__(self, name, *, database, port_base, page_cache, workers=None, keep=False):
        self.name = name
        self.database = database
        self.ports = Ports(port_base)
        self.page_cache = page_cache
        self.workers = workers
        self.keep = keep
        self.workdir = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        self.static_root = self.workdir / "static"
        self.media_root = self.workdir / "media"
        self.processes = []
        self.database_url = None
        self.serving = False  # purge requests only once nginx runs

    # Environment of every process of this stack (gunicorn, worker, manage.py).
    def environment(self):
        return {
            "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "LANG": "C.UTF-8",
            "HOME": str(self.workdir),
            "DATABASE_URL": self.database_url or "",
            "GUNICORN_BIND": f"127.0.0.1:{self.ports.app}",
            **({"GUNICORN_WORKERS": str(self.workers)} if self.workers else {}),
        }

    def manage(self, *args, check=True):
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=self.project_dir,
            env=self.environment(),
            capture_output=True,
            text=True,
        )
        if check and result.returncode:
            raise BenchError(
                f"{self.name}: manage.py {' '.join(args)} failed:\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def prepare(self):
        """Fresh database, migrated, content loaded, static files collected."""
        self.ports.check_free()
        self.database_url = create_database(self.database)
        self.manage("migrate", "--noinput", "-v0")
        self.load_content()
        self.manage("collectstatic", "--noinput", "-v0")
        return self

    def load_content(self):
        pass

    def start(self):
        self.serving = True
        certificate, key = self_signed_certificate(self.workdir)
        site_config = self.workdir / "rostra.conf"
        site_config.write_text(
            render_nginx_site(
                server_names="localhost",
                app_server=f"127.0.0.1:{self.ports.app}",
                ports=self.ports,
                static_root=self.static_root,
                media_root=self.media_root,
                cache_dir=self.workdir / "cache",
                certificate=certificate,
                key=key,
                page_cache=self.page_cache,
            )
        )
        main_config = self.workdir / "nginx.conf"
        main_config.write_text(nginx_main_config(self.workdir, site_config, self.workdir / "cache"))
        ok, output = nginx_test(self.workdir, main_config)
        if not ok:
            raise BenchError(f"{self.name}: nginx -t failed:\n{output}")

        gunicorn = [VENV_BIN / "gunicorn", "-c", REPO / "deploy" / "gunicorn.conf.py"]
        if self.wsgi_app:
            gunicorn += ["--chdir", str(self.project_dir), self.wsgi_app]
        self._spawn("gunicorn", gunicorn, cwd=self.project_dir)
        self._spawn(
            "nginx",
            [
                "nginx",
                "-p",
                self.workdir,
                "-c",
                main_config,
                "-e",
                self.workdir / "error.log",
                "-g",
                "daemon off;",
            ],
            cwd=self.workdir,
        )
        self.start_workers()
        wait_until(self._healthy, what=f"{self.name} (https://localhost:{self.ports.https})")
        return self

    def start_workers(self):
        pass

    def _spawn(self, name, command, *, cwd):
        process = Process(
            f"{self.name}-{name}",
            [str(part) for part in command],
            env=self.environment(),
            cwd=cwd,
            log_dir=self.workdir,
        )
        self.processes.append(process)
        return process

    def _healthy(self):
        for process in self.processes:
            process.check_running()
        return self.get(self.health_path).status == 200

    def url(self, path="/"):
        return f"https://localhost:{self.ports.https}{path}"

    def get(self, path="/", **kwargs):
        return request(self.ports.https, path, **kwargs)

    def load(self, path="/", **kwargs):
        return wrk(f"https://127.0.0.1:{self.ports.https}{path}", **kwargs)

    def stop(self):
        for process in reversed(self.processes):
            # nginx: SIGQUIT is its graceful stop; gunicorn and the worker: SIGTERM.
            process.stop(signal.SIGQUIT if process.name.endswith("nginx") else signal.SIGTERM)
        self.processes = []
        if self.database_url and not self.keep:
            drop_database(self.database)
        if not self.keep:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class RostraStack(Stack):
    """Rostra with the production settings, the demo loaded, the page cache and
    its purge on, Redis as Django's cache, and the task worker."""

    health_path = "/_health/"

    def __init__(
        self,
        name="rostra",
        *,
        database,
        port_base,
        page_cache=True,
        workers=None,
        keep=False,
        worker_interval=0.2,
    ):
        super().__init__(
            name,
            database=database,
            port_base=port_base,
            page_cache=page_cache,
            workers=workers,
            keep=keep,
        )
        self.worker_interval = worker_interval
        # Each run gets its own Redis key prefix: no stale entry from an earlier database.
        self.cache_key_prefix = f"bench-{name}-{secrets.token_hex(4)}"
        self.secret_key = "bench-" + secrets.token_urlsafe(48)

    def environment(self):
        return {
            **super().environment(),
            "DJANGO_SETTINGS_MODULE": "rostra.settings.production",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": self.cache_key_prefix,
            "ROSTRA_VAR_DIR": str(self.workdir / "var"),
            "STATIC_ROOT": str(self.static_root),
            "MEDIA_ROOT": str(self.media_root),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "ROSTRA_PAGE_CACHE_SECONDS": "300" if self.page_cache else "0",
            "ROSTRA_PURGE_URL": (
                f"http://127.0.0.1:{self.ports.purge}" if self.page_cache and self.serving else ""
            ),
            "LOG_LEVEL": "WARNING",
        }

    def load_content(self):
        self.manage("load_demo")

    # Queues a worker of its own serves besides the task worker (name -> queue),
    # as deploy/systemd runs them; none by default.
    extra_workers = {}

    def start_workers(self):
        self.start_task_worker()
        for name, queue in self.extra_workers.items():
            self.start_task_worker(name, queue)

    def start_task_worker(self, name="worker", queue="*"):
        # The main worker at Nice=5, as deploy/systemd/rostra-worker.service runs it.
        nice = ["nice", "-n", "5"] if name == "worker" else []
        return self._spawn(
            name,
            [
                *nice,
                PYTHON,
                "manage.py",
                "run_worker",  # as deploy/systemd starts it: leased
                f"--queue-name={queue}",
                "--interval",
                str(self.worker_interval),
                "--no-startup-delay",
                "-v0",
            ],
            cwd=self.project_dir,
        )

    def setup_django(self):
        """Set Django up in this process on the stack's database and settings,
        e.g. to publish a page through Wagtail's own publish action (once per
        process: Django cannot be set up twice)."""
        os.environ.update(self.environment())
        sys.path.insert(0, str(self.project_dir))
        from rostra import startup

        startup.setup(default_settings="rostra.settings.production")


class PlainWagtailStack(Stack):
    """The home page of a fresh ``wagtail start`` project (created under .bench/
    from the installed Wagtail, never committed), PostgreSQL, no page cache."""

    project_dir = BENCH_DIR / "plain-wagtail"
    wsgi_app = "plainsite.wsgi:application"

    def __init__(self, name="plain-wagtail", *, database, port_base, workers=None, keep=False):
        super().__init__(
            name,
            database=database,
            port_base=port_base,
            page_cache=False,
            workers=workers,
            keep=keep,
        )

    @classmethod
    def ensure_project(cls):
        if (cls.project_dir / "manage.py").exists():
            return
        cls.project_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [VENV_BIN / "wagtail", "start", "plainsite", cls.project_dir],
            check=True,
            capture_output=True,
        )
        # Its production settings read settings/local.py: only what a server
        # needs (database, secret, hosts), nothing tuned.
        (cls.project_dir / "plainsite" / "settings" / "local.py").write_text(
            "import os\n\n"
            "import dj_database_url\n\n"
            "from .base import INSTALLED_APPS\n\n"
            'SECRET_KEY = os.environ["SECRET_KEY"]\n'
            'ALLOWED_HOSTS = ["localhost", "127.0.0.1"]\n'
            'DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}\n'
            'INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.postgres"]\n'
            'STATIC_ROOT = os.environ["STATIC_ROOT"]\n'
        )

    def environment(self):
        return {
            **super().environment(),
            "DJANGO_SETTINGS_MODULE": "plainsite.settings.production",
            "SECRET_KEY": "bench-plain-" + "x" * 50,
            "STATIC_ROOT": str(self.static_root),
        }

    def prepare(self):
        self.ensure_project()
        return super().prepare()
