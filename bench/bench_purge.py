"""Page cache purges: rostra.cache_purge.sender against Wagtail's frontend_cache
HTTP backend, sending the same PURGE requests to the same purge server.

A whole-site purge names every address of a site (thousands on a candidate
network). Both senders purge BENCH_PURGE_URLS addresses (default 2,000, one in
ten held by the server) in alternating rounds against a local stand-in for
nginx's purge server (the tests' one: HTTP/1.1, keep-alive, 200 for a key it
holds and 404 otherwise). No database.
"""

import logging
import os

from bench.in_process import alternate, start_django

COMMAND = "make bench BENCH_ARGS=purge"


def run():
    start_django()
    from django.test import override_settings
    from rostra.cache_purge import sender
    from rostra.cache_purge.tests.conftest import FakePurgeServer
    from wagtail.contrib.frontend_cache.backends.http import HTTPBackend

    from bench import report

    count = int(os.environ.get("BENCH_PURGE_URLS", 2000))
    urls = [f"https://candidat-{i % 50}.example.org/page-{i}/" for i in range(count)]
    server = FakePurgeServer()
    server.cached = {url.removeprefix("https://") for url in urls[::10]}
    backend = HTTPBackend({"LOCATION": server.url})
    errors = []

    class Count(logging.Handler):
        def emit(self, record):
            errors.append(record)

    logging.getLogger("wagtail.frontendcache").addHandler(Count(logging.ERROR))
    ways = {
        "rostra": lambda: sender.purge(urls),
        "wagtail": lambda: backend.purge_batch(urls),
    }
    rounds = 4
    try:
        with override_settings(ROSTRA_PURGE_URLS=[server.url]):
            seconds = alternate(ways, rounds=rounds)
    finally:
        server.stop()
    rate = {way: count * rounds / spent for way, spent in seconds.items()}
    report.figure(
        "  purges per second, rostra.cache_purge.sender", rate["rostra"], "URL/s", command=COMMAND
    )
    report.figure(
        "  purges per second, frontend_cache HTTPBackend", rate["wagtail"], "URL/s", command=COMMAND
    )
    report.ratio(
        "purge: rostra.cache_purge vs frontend_cache HTTPBackend",
        rate["rostra"] / rate["wagtail"],
        command=COMMAND,
    )
    print(
        f"frontend_cache logged {len(errors) // rounds} errors per run of {count} "
        "(nginx's 404: not cached)"
    )


if __name__ == "__main__":
    run()
