"""Network: 577 candidate sites (one per French constituency).

1. Provision BENCH_NETWORK_SITES sites (default 577) from a CSV file with the
   management command (its progress bar shows), sites per second.
2. A blueprint change (locked colour and footer) reaches every candidate site:
   seconds, checked on every site's settings.
3. Side by side, alternating rounds, in two worker processes on two databases
   (a one-site network and the 577-site one), through Django's test client:
   anonymous requests to a candidate home page, and the candidate's admin
   dashboard and page list (logged in as that candidate). Ratios: 577 / 1, by
   wall-clock rate and by the worker's CPU time per request (steadier on a
   shared machine).

Runs standalone (``python -m bench.bench_network``) or through bench/run.py.
Databases: BENCH_POSTGRES_URL + "/<BENCH_DB_PREFIX>_network_one|many" (prefix
rostra_bench by default), dropped after.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMAND = "make bench BENCH_ARGS=network"
SITES = int(os.environ.get("BENCH_NETWORK_SITES", 577))
ROUNDS = int(os.environ.get("BENCH_NETWORK_ROUNDS", 6))
REQUESTS = int(os.environ.get("BENCH_NETWORK_REQUESTS", 25))  # per round and measure
# Real communes (Lyon, Marseille, Lille…), spread over the sites.
COMMUNES = ["69123", "13055", "59350", "31555", "33063", "44109", "67482", "34172", "35238"]


def _server():
    return os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def _recreate(name, drop_only=False):
    import psycopg

    with psycopg.connect(f"{_server()}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')
    return f"{_server()}/{name}"


def _setup_django(database_url):
    for folder in ("site", "plugins/donations", "plugins/petitions", "plugins/network"):
        sys.path.insert(0, str(REPO / folder))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rostra.settings.test")
    import django

    django.setup()


# --- in a child process: build one network ------------------------------------


def build(database_url, count):
    """Migrate, a national site, a blueprint, ``count`` candidate sites."""
    _setup_django(database_url)
    import tempfile

    from django.core.management import call_command
    from rostra.pages.models import HomePage
    from rostra_network.models import Blueprint
    from wagtail.models import Page, Site

    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Élan commun", slug="accueil"))
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port, site.root_page = "localhost", 80, home
    site.save()
    blueprint = Blueprint.load()
    blueprint.organisation_name = "Élan commun"
    blueprint.home_body = [{"type": "rich_text", "value": "<p>Ma campagne, près de chez vous.</p>"}]
    blueprint.save()
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as file:
        file.write("name,slug,hostname,email,constituency,communes\n")
        for number in range(1, count + 1):
            commune = COMMUNES[number % len(COMMUNES)]
            file.write(
                f"Candidat {number},c{number:04d},c{number:04d},c{number}@example.org,,{commune}\n"
            )
    started = time.perf_counter()
    call_command("provision_candidate_sites", csv=file.name, no_invite=True)
    provisioning = time.perf_counter() - started
    # Both networks get the same blueprint change, so that their candidate
    # pages show the same things (the change rewrites the locked settings).
    result = {"sites": count, "provision_seconds": provisioning}
    result["propagate_seconds"] = _propagate(count)
    # Statistics as autovacuum keeps them on a live database: both networks are
    # measured with fresh plans, not with those of the empty tables.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print("JSON " + json.dumps(result), flush=True)


def _propagate(count):
    from rostra.sitesettings.models import BrandSettings, NavigationSettings
    from rostra_network import branding
    from rostra_network.models import Blueprint, CandidateSite

    blueprint = Blueprint.load()
    blueprint.primary_colour = "#aa0033"
    blueprint.footer_text = "<p>Nouvelle adresse du parti</p>"
    blueprint.save()  # the task runs at once here (test settings)
    started = time.perf_counter()
    reached = branding.propagate(blueprint)
    seconds = time.perf_counter() - started
    sites = CandidateSite.objects.values("site")
    assert reached == count
    assert BrandSettings.objects.filter(site__in=sites, primary_colour="#aa0033").count() == count
    assert (
        NavigationSettings.objects.filter(
            site__in=sites, footer_text="<p>Nouvelle adresse du parti</p>"
        ).count()
        == count
    )
    return seconds


# --- in a child process: answer measuring commands ----------------------------


def worker(database_url):
    _setup_django(database_url)
    from django.test import Client
    from rostra_network.models import CandidateSite

    candidate = CandidateSite.objects.select_related("site", "user").get(slug="c0001")
    visitor = Client()
    team = Client()
    team.force_login(candidate.user)
    targets = {
        "page": (visitor, "/", "c0001.localhost"),
        "dashboard": (team, "/admin/", "localhost"),
        "page_list": (team, f"/admin/pages/{candidate.site.root_page_id}/", "localhost"),
    }
    print("READY", flush=True)
    for line in sys.stdin:
        kind, count = line.split()
        client, path, host = targets[kind]
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(int(count)):
            response = client.get(path, HTTP_HOST=host)
            assert response.status_code == 200, (kind, response.status_code)
        print(f"{time.perf_counter() - started:.6f} {time.process_time() - cpu:.6f}", flush=True)


class Worker:
    def __init__(self, database_url):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.bench_network", "worker", database_url],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "READY"

    def time(self, kind, count):
        """Wall-clock and CPU seconds (this worker process's) for ``count`` requests."""
        self.process.stdin.write(f"{kind} {count}\n")
        self.process.stdin.flush()
        wall, cpu = self.process.stdout.readline().split()
        return float(wall), float(cpu)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


# --- the bench -----------------------------------------------------------------


def _build(name, count):
    url = _recreate(name)
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_network", "build", url, str(count)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    return url, json.loads(line[5:])


def run():
    from bench.report import figure, ratio

    prefix = os.environ.get("BENCH_DB_PREFIX", "rostra_bench")
    names = (f"{prefix}_network_one", f"{prefix}_network_many")
    try:
        print(f"Provisioning {SITES} candidate sites with the command…", flush=True)
        many_url, many = _build(names[1], SITES)
        one_url, _one = _build(names[0], 1)
        figure(
            "provisioning (command, CSV)",
            SITES / many["provision_seconds"],
            "sites/s",
            command=COMMAND,
        )
        figure(
            f"blueprint change reaches {SITES} sites",
            many["propagate_seconds"],
            "s",
            higher_is_better=False,
            command=COMMAND,
        )
        workers = {"one": Worker(one_url), "many": Worker(many_url)}
        try:
            totals = {(network, kind): 0.0 for network in workers for kind in _KINDS}
            cpu = dict.fromkeys(totals, 0.0)
            for kind in _KINDS:  # warm both up
                for w in workers.values():
                    w.time(kind, 5)
            for _round in range(ROUNDS):
                for kind in _KINDS:
                    for network, w in workers.items():
                        wall, used = w.time(kind, REQUESTS)
                        totals[network, kind] += wall
                        cpu[network, kind] += used
        finally:
            for w in workers.values():
                w.close()
        count = ROUNDS * REQUESTS
        for kind, label in _KINDS.items():
            one_rate = count / totals["one", kind]
            many_rate = count / totals["many", kind]
            figure(f"{label}, 1 site", one_rate, "req/s", command=COMMAND)
            figure(f"{label}, {SITES} sites", many_rate, "req/s", command=COMMAND)
            ratio(
                f"{label}: {SITES} sites / 1 site", many_rate / one_rate, goal=0.9, command=COMMAND
            )
            # The Python side's CPU per request: what the machine's other load
            # does not change (the database's share is not in it).
            ratio(
                f"{label}: {SITES} sites / 1 site, by CPU per request",
                cpu["one", kind] / cpu["many", kind],
                command=COMMAND,
            )
    finally:
        for name in names:
            _recreate(name, drop_only=True)


_KINDS = {
    "page": "candidate home page, anonymous",
    "dashboard": "candidate's admin dashboard",
    "page_list": "candidate's admin page list",
}


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "build":
        build(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "worker":
        worker(sys.argv[2])
    else:
        run()
