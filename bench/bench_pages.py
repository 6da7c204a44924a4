"""Public pages: the demo home page against a plain Wagtail home page, and how
fast a published change reaches anonymous visitors.

Both sites are served the way docs/deployment.md says (bench/serving.py):
gunicorn with deploy/gunicorn.conf.py behind nginx with the rendered
deploy/nginx/rostra.conf.template, TLS, PostgreSQL. Rostra runs with its
production settings, Redis, the task worker and the page cache with its purge
server; the baseline is the home page of a fresh ``wagtail start`` project,
same gunicorn and nginx, no page cache. wrk drives each in turn, round after
round, in the same run; the figure is the ratio.

Then, on the Rostra stack: the cache's behaviour as visitors see it (a copy
for anonymous visitors, none for a session or a message waiting), and the time
from an editor's publish (Wagtail's own publish action) to the first anonymous
request through nginx that shows the change, for a page, for a news article on
the home page's list, and for a branding change (purged by the worker).

    make bench BENCH_ARGS=pages
    BENCH_PORT_BASE=8200 BENCH_DB_PREFIX=rostra_ops_bench \
        BENCH_REDIS_URL=redis://127.0.0.1:6379/1 make bench BENCH_ARGS=pages

Environment: BENCH_DURATION (s per wrk round, 10), BENCH_ROUNDS (2),
BENCH_CONNECTIONS (32), BENCH_PUBLISH_TRIALS (5), plus bench/README.md's.
"""

import os
import secrets
import statistics
import sys
import time

from bench import report
from bench.serving import BenchError, PlainWagtailStack, RostraStack, wait_until

COMMAND = "make bench BENCH_ARGS=pages"
DURATION = int(os.environ.get("BENCH_DURATION", 10))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 2))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 32))
TRIALS = int(os.environ.get("BENCH_PUBLISH_TRIALS", 5))
PORT_BASE = int(os.environ.get("BENCH_PORT_BASE", 8200))
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "rostra_bench")


def check_caching(rostra, page_path):
    """What visitors get from nginx, checked on the real stack."""
    problems = []

    def status(path, **headers):
        response = rostra.get(path, headers=headers)
        if response.status not in (200, 302):
            problems.append(f"{path}: HTTP {response.status}")
        return response.header("x-cache-status"), response

    status("/")
    cache_status, response = status("/")
    print(f"  anonymous, second request: {cache_status} ({response.header('cache-control')})")
    if cache_status != "HIT":
        problems.append(f"the home page is not served from the cache ({cache_status})")
    for cookie, expected in [
        ("sessionid=someone", "BYPASS"),  # an editor, a protected page
        ("messages=waiting", "BYPASS"),  # a flash message to show
        ("csrftoken=abc", "HIT"),  # saw a form once: cached pages hold no token
    ]:
        cache_status, _response = status("/", Cookie=cookie)
        print(f"  with cookie {cookie.split('=')[0]}: {cache_status}")
        if cache_status != expected:
            problems.append(f"cookie {cookie}: {cache_status}, expected {expected}")
    for _attempt in range(2):
        cache_status, response = status("/admin/login/")
    print(f"  admin login page (CSRF token), second request: {cache_status}")
    if cache_status == "HIT" or "csrftoken" not in response.header("set-cookie", ""):
        problems.append("the admin login page (with its CSRF token) came from the cache")
    cache_status, _response = status(page_path + "?utm_source=bench")
    cache_status, _response = status(page_path + "?utm_source=bench")
    print(f"  with a tracking parameter, second request: {cache_status}")
    if cache_status == "HIT":
        problems.append("a page with a tracking parameter came from the cache")
    if problems:
        raise BenchError("caching is wrong:\n  " + "\n  ".join(problems))


def measure_throughput(rostra, plain):
    rostra_rounds, plain_rounds = [], []
    for number in range(1, ROUNDS + 1):
        for stack, rounds in ((rostra, rostra_rounds), (plain, plain_rounds)):
            # A slow answer is still an answer (the uncached baseline queues
            # 32 connections on a few workers): wrk waits up to 10 s for each.
            result = stack.load("/", duration=DURATION, connections=CONNECTIONS, timeout=10)
            if result.errors > result.requests / 100:
                raise BenchError(
                    f"{stack.name}: {result.errors} errors in {result.requests} requests"
                )
            rounds.append(result)
            print(
                f"  round {number} {stack.name:<14} {result.requests_per_second:>10.1f} req/s"
                f"  p99 {result.latency_ms_p99:.1f} ms  ({result.requests} requests, "
                f"{result.errors} errors)"
            )
    return rostra_rounds, plain_rounds


def wait_visible(rostra, path, marker, timeout=10):
    """Seconds until an anonymous request through nginx shows ``marker``."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if marker in rostra.get(path).body:
            return time.perf_counter() - started
        time.sleep(0.005)
    raise BenchError(f"{path} did not show {marker!r} within {timeout} s")


def warm(rostra, path):
    """Make sure nginx holds a copy: the change must be purged, not waited out."""
    wait_until(
        lambda: rostra.get(path).header("x-cache-status") == "HIT",
        timeout=10,
        interval=0.05,
        what=f"a cached copy of {path}",
    )


def measure_publishing(rostra):
    from rostra.pages.models import HomePage, NewsArticlePage
    from rostra.sitesettings.models import BrandSettings
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get(pk=site.root_page_id)
    article = NewsArticlePage.objects.live().descendant_of(home).order_by("-date").first()
    other = home.get_children().live().exclude(pk=article.get_parent().pk).first().specific
    figures = {"page": [], "article on the home page": [], "branding on another page": []}

    def timed(what, path, marker, change):
        """The editor's action (publish or save, purge on commit included),
        then the wait until an anonymous visitor sees it."""
        warm(rostra, path)
        started = time.perf_counter()
        change()
        action = time.perf_counter() - started
        figures[what].append((action + wait_visible(rostra, path, marker), action))

    def publish(page, title):
        page.title = title
        page.save_revision().publish()

    def rename(name):
        brand = BrandSettings.for_site(site)
        brand.organisation_name = name
        brand.save()

    for _trial in range(TRIALS):
        # An edit of the home page itself.
        marker = f"Élan {secrets.token_hex(3)}"
        timed("page", "/", marker, lambda m=marker: publish(home, m))
        # A news article's new title, in the home page's latest news.
        marker = f"Article {secrets.token_hex(3)}"
        timed("article on the home page", "/", marker, lambda m=marker: publish(article, m))
        # The organisation's name, on every page: the worker purges the site.
        marker = f"Parti {secrets.token_hex(3)}"
        timed("branding on another page", other.url, marker, lambda m=marker: rename(m))
    return figures, other.url


def main():
    PlainWagtailStack.ensure_project()
    rostra = RostraStack(
        "rostra", database=f"{DB_PREFIX}_pages", port_base=PORT_BASE, worker_interval=0.1
    )
    plain = PlainWagtailStack(database=f"{DB_PREFIX}_plain", port_base=PORT_BASE + 4)
    try:
        print("Preparing both sites (migrate, content, collectstatic)...", flush=True)
        rostra.prepare()
        plain.prepare()
        rostra.start()
        plain.start()
        rostra.setup_django()

        from wagtail.models import Site

        other = Site.objects.get(is_default_site=True).root_page.get_children().live().last()
        print("Caching as visitors get it (nginx X-Cache-Status):", flush=True)
        check_caching(rostra, other.url)

        print(
            f"Home page, {ROUNDS} rounds of wrk -c{CONNECTIONS} -d{DURATION}s each, alternating:",
            flush=True,
        )
        rostra_rounds, plain_rounds = measure_throughput(rostra, plain)
        rostra_rps = statistics.mean(r.requests_per_second for r in rostra_rounds)
        plain_rps = statistics.mean(r.requests_per_second for r in plain_rounds)
        report.figure("demo home page (Rostra, nginx cache)", rostra_rps, "req/s", command=COMMAND)
        report.figure("plain Wagtail home page (no cache)", plain_rps, "req/s", command=COMMAND)
        report.ratio(
            "Rostra home vs plain Wagtail home", rostra_rps / plain_rps, goal=10, command=COMMAND
        )
        report.figure(
            "Rostra home p99 latency under load",
            statistics.mean(r.latency_ms_p99 for r in rostra_rounds),
            "ms",
            higher_is_better=False,
        )

        print(f"Publish → visible to anonymous visitors, {TRIALS} trials each:", flush=True)
        figures, _path = measure_publishing(rostra)
        for what, trials in figures.items():
            seconds = [total for total, _action in trials]
            print(
                f"  {what:<26} median {statistics.median(seconds) * 1000:.0f} ms, "
                f"max {max(seconds) * 1000:.0f} ms (of which the editor's action itself: "
                f"median {statistics.median(a for _t, a in trials) * 1000:.0f} ms)"
            )
            report.figure(
                f"publish → visible, {what} (max)",
                max(seconds),
                "s",
                goal=1,
                higher_is_better=False,
                command=COMMAND,
            )
    finally:
        rostra.stop()
        plain.stop()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"bench_pages: {error}", file=sys.stderr)
        sys.exit(1)
