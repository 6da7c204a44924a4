"""The files docs/deployment.md names work as written: the nginx site renders
and passes ``nginx -t``, and real nginx caches, bypasses and purges as the
page cache expects; the systemd units pass ``systemd-analyze verify``;
gunicorn loads deploy/gunicorn.conf.py and the app; the example environment
file passes Django's deployment checklist."""

import gc
import os
import random
import re
import runpy
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench import serving

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"

pytestmark = pytest.mark.slow

needs_nginx = pytest.mark.skipif(
    not (shutil.which("nginx") and Path(serving.PURGE_MODULE).exists()),
    reason="nginx with the cache purge module is not installed (scripts/ensure-bench-tools)",
)


def free_port_base():
    """Four consecutive free loopback ports (gunicorn, HTTP, HTTPS, purge)."""
    for _attempt in range(50):
        base = random.randrange(20000, 60000)
        if all(serving.port_is_free(port) for port in range(base, base + 5)):
            return base
    pytest.skip("no four consecutive free ports")


def render(tmp_path, ports, app_server, page_cache=True):
    certificate, key = serving.self_signed_certificate(tmp_path)
    site = tmp_path / "rostra.conf"
    site.write_text(
        serving.render_nginx_site(
            server_names="www.example.fr example.fr",
            app_server=app_server,
            ports=ports,
            static_root=tmp_path / "static",
            media_root=tmp_path / "media",
            cache_dir=tmp_path / "cache",
            certificate=certificate,
            key=key,
            page_cache=page_cache,
        )
    )
    main = tmp_path / "nginx.conf"
    main.write_text(serving.nginx_main_config(tmp_path, site, tmp_path / "cache"))
    return main


def test_the_nginx_template_renders_with_every_value_filled(tmp_path):
    config = serving.render_nginx_site(
        server_names="www.example.fr",
        app_server="unix:/run/rostra/gunicorn.sock",
        ports=serving.Ports(8000),
        static_root="/srv/rostra/var/static",
        media_root="/srv/rostra/var/media",
        cache_dir="/var/cache/nginx/rostra",
        certificate="/etc/letsencrypt/live/www.example.fr/fullchain.pem",
        key="/etc/letsencrypt/live/www.example.fr/privkey.pem",
    )
    settings_lines = [line for line in config.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in settings_lines if "${ROSTRA_" in line]
    assert "server_name www.example.fr;" in config
    assert "$host$request_uri" in config  # nginx's own variables are left alone


def test_the_renderer_says_which_value_is_missing():
    environment = {key: value for key, value in os.environ.items() if key != "ROSTRA_SERVER_NAMES"}
    result = subprocess.run(
        [DEPLOY / "render-nginx-conf"], env=environment, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "ROSTRA_SERVER_NAMES" in result.stderr


@needs_nginx
@pytest.mark.parametrize("page_cache", [True, False])
def test_the_rendered_nginx_site_passes_nginx_t(tmp_path, page_cache):
    main = render(tmp_path, serving.Ports(free_port_base()), "127.0.0.1:9", page_cache)
    ok, output = serving.nginx_test(tmp_path, main)
    assert ok, output


@needs_nginx
def test_several_app_servers_and_purging_peers_render_a_valid_site(tmp_path, monkeypatch):
    """Growing past one server: nginx in front of two gunicorn machines, purged
    by both (docs/deployment.md)."""
    monkeypatch.setenv("ROSTRA_PURGE_ALLOW", "allow 10.0.0.0/24;")
    main = render(tmp_path, serving.Ports(free_port_base()), "10.0.0.11:8000 10.0.0.12:8000")
    site = (tmp_path / "rostra.conf").read_text()
    assert "server 10.0.0.11:8000 fail_timeout=0;" in site
    assert "server 10.0.0.12:8000 fail_timeout=0;" in site
    assert "allow 10.0.0.0/24;" in site
    ok, output = serving.nginx_test(tmp_path, main)
    assert ok, output


class FakeApp:
    """Stands in for gunicorn: answers as Django does for each kind of page and
    counts the requests that reach it (a cached answer never does)."""

    def __init__(self):
        self.hits = 0
        self.client_addresses = []
        app = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                app.hits += 1
                app.client_addresses.append(self.headers.get("X-Real-IP"))
                headers = {
                    "/public/": {"Cache-Control": "public, max-age=0, s-maxage=300"},
                    "/private/": {"Cache-Control": "private, no-cache"},
                    "/form/": {
                        "Cache-Control": "public, max-age=0, s-maxage=300",
                        "Set-Cookie": "csrftoken=secret; Path=/",
                    },
                }.get(self.path.split("?")[0], {"Cache-Control": "private, no-cache"})
                body = f"render {app.hits}".encode()
                self.send_response(200)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.address = f"127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def nginx():
    """The rendered site in a real nginx, in front of FakeApp."""
    # Not pytest's tmp_path: nginx's workers (www-data when run as root) must
    # reach the cache directory, and pytest's base directory is private.
    tmp_path = Path(tempfile.mkdtemp(prefix="rostra-nginx-test-"))
    app = FakeApp()
    ports = serving.Ports(free_port_base())
    main = render(tmp_path, ports, app.address)
    process = subprocess.Popen(
        ["nginx", "-p", tmp_path, "-c", main, "-e", tmp_path / "error.log", "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def get(path, **headers):
        return serving.request(ports.https, path, headers=headers, host="www.example.fr")

    try:
        serving.wait_until(lambda: get("/private/").status == 200, timeout=10, what="nginx")
        yield app, ports, get
    finally:
        process.terminate()
        process.wait(10)
        app.stop()
        shutil.rmtree(tmp_path, ignore_errors=True)


@needs_nginx
def test_nginx_keeps_a_public_page_and_serves_it_again(nginx):
    app, _ports, get = nginx
    first, second = get("/public/"), get("/public/")
    assert first.header("x-cache-status") == "MISS"
    assert second.header("x-cache-status") == "HIT"
    assert second.body == first.body and app.hits == 2  # /private/ once, /public/ once


@needs_nginx
@pytest.mark.parametrize("cookie", ["sessionid=editor", "messages=waiting", "a=1; sessionid=x"])
def test_a_session_or_a_waiting_message_always_reaches_django(nginx, cookie):
    _app, _ports, get = nginx
    get("/public/")
    response = get("/public/", Cookie=cookie)
    assert response.header("x-cache-status") == "BYPASS"


@needs_nginx
def test_a_csrf_cookie_alone_still_gets_the_shared_copy(nginx):
    """Shared copies hold no token; visitors who once saw a form keep the cache."""
    _app, _ports, get = nginx
    get("/public/")
    assert get("/public/", Cookie="csrftoken=abc").header("x-cache-status") == "HIT"


@needs_nginx
@pytest.mark.parametrize("path", ["/private/", "/form/"])
def test_private_pages_and_pages_setting_a_cookie_are_never_kept(nginx, path):
    app, _ports, get = nginx
    get(path)
    hits = app.hits
    response = get(path)
    assert response.header("x-cache-status") != "HIT"
    assert app.hits == hits + 1


@needs_nginx
def test_a_purge_from_rostra_drops_the_copy_at_once(nginx, settings):
    from rostra.cache_purge import sender

    app, ports, get = nginx
    get("/public/?page=2")
    assert get("/public/?page=2").header("x-cache-status") == "HIT"
    settings.ROSTRA_PURGE_URLS = [f"http://127.0.0.1:{ports.purge}"]
    outcome = sender.purge(
        ["https://www.example.fr/public/?page=2", "https://www.example.fr/never-cached/"]
    )
    assert (outcome.purged, outcome.not_cached, outcome.failed) == (1, 1, [])
    hits = app.hits
    assert get("/public/?page=2").header("x-cache-status") == "MISS"
    assert app.hits == hits + 1


@needs_nginx
def test_the_app_sees_the_visitors_address_not_one_it_made_up(nginx):
    app, _ports, get = nginx
    get("/private/", **{"X-Real-IP": "6.6.6.6"})
    assert app.client_addresses[-1] == "127.0.0.1"


@needs_nginx
def test_plain_http_goes_to_https(nginx):
    _app, ports, _get = nginx
    response = serving.request(ports.http, "/programme/", tls=False, host="www.example.fr")
    assert response.status == 301
    assert response.header("location") == "https://www.example.fr/programme/"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
@pytest.mark.parametrize(
    "unit", ["rostra-web.service", "rostra-worker.service", "rostra-counter.service"]
)
def test_the_systemd_units_pass_systemd_analyze(tmp_path, unit):
    """As installed: the repository at /srv/rostra/app (here: this checkout)."""
    text = (DEPLOY / "systemd" / unit).read_text().replace("/srv/rostra/app", str(REPO))
    (tmp_path / unit).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", tmp_path / unit], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert unit not in result.stderr, result.stderr  # no complaint about the unit


@pytest.mark.own_database
def test_gunicorn_loads_its_config_and_the_app():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rostra.settings.test",
        "GUNICORN_BIND": "127.0.0.1:0",
        "GUNICORN_WORKERS": "3",
    }
    result = subprocess.run(
        [
            Path(sys.executable).parent / "gunicorn",
            "-c",
            DEPLOY / "gunicorn.conf.py",
            "--print-config",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"^workers\s+= 3$", result.stdout, re.M)
    assert re.search(r"^wsgi_app\s+= rostra.wsgi:application$", result.stdout, re.M)


@pytest.mark.own_database
def test_a_gunicorn_worker_keeps_what_it_loaded_out_of_garbage_collection():
    namespace = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    try:
        namespace["post_worker_init"](None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def read_env_file(path):
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value
    return values


@pytest.mark.own_database
def test_the_example_environment_passes_the_deployment_checklist(tmp_path):
    """deploy/rostra.env.example with a real secret: no warning from check --deploy."""
    values = read_env_file(DEPLOY / "rostra.env.example")
    values["SECRET_KEY"] = "Zq8!mW2#pL5$rT9^vB1&nX4*" * 3
    values["ROSTRA_VAR_DIR"] = str(tmp_path)
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "ROSTRA_"))
    }
    result = subprocess.run(
        [
            sys.executable,
            REPO / "site" / "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env={**environment, **values},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_example_secret_is_refused():
    values = read_env_file(DEPLOY / "rostra.env.example")
    result = subprocess.run(
        [sys.executable, REPO / "site" / "manage.py", "check"],
        env={**os.environ, **values},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Rostra cannot start: SECRET_KEY" in result.stderr
