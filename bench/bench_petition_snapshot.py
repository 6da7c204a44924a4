"""Petitions: what the signing endpoint keeps of a petition between requests.

Side by side in one process, alternating rounds, on the same snapshot
(rostra_petitions.snapshots.Snapshot: the page, its site, the plugins on, the
view restrictions, the organisation name):

1. as kept now: the tokens read from Django's cache (one round trip to Redis),
   the snapshot kept in the process and its page copied for the request;
2. Django's cache with an explicit key per petition: the snapshot read in the
   same round trip as the tokens, unpickled for every request.

Then the same two without the round trip (copy against unpickle). Redis:
BENCH_REDIS_URL (default redis://127.0.0.1:6379/2), keys under a prefix of
their own, deleted after. No database.
"""

import copy
import os
import pickle

from bench.in_process import alternate, start_django

COMMAND = "make bench BENCH_ARGS=petition_snapshot"
SNAPSHOT_KEY = "petitions:snapshot:42"


def _snapshot():
    from rostra_petitions.models import PetitionPage
    from rostra_petitions.snapshots import Snapshot
    from wagtail.models import Site

    site = Site(id=1, hostname="example.org", port=443, site_name="Élan", root_page_id=2)
    page = PetitionPage(
        id=42, title="Sauvons la gare", slug="gare", path="000100020003", depth=3, live=True
    )
    page._site = site
    return Snapshot(
        token="t1",
        page=page,
        site=site,
        plugins=frozenset({"petitions", "donations"}),
        restrictions=[],
        organisation="Élan commun",
        theme=None,
    )


def run():
    start_django()
    from django.core.cache.backends.redis import RedisCache
    from rostra.pages import site_roots
    from rostra_petitions import snapshots

    from bench import report

    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
    cache = RedisCache(url, {"KEY_PREFIX": f"bench-snapshot-{os.getpid()}"})
    tokens = [snapshots.GENERATION_KEY, site_roots.GENERATION_KEY]
    snapshot = _snapshot()
    pickled = pickle.dumps(snapshot)
    cache.set_many({tokens[0]: "t1", tokens[1]: "t2", SNAPSHOT_KEY: snapshot})

    def kept():
        cache.get_many(tokens)
        return copy.copy(snapshot.page)

    def cached():
        return cache.get_many([*tokens, SNAPSHOT_KEY])[SNAPSHOT_KEY].page

    ways = {
        "kept": kept,
        "cached": cached,
        "copy": lambda: copy.copy(snapshot.page),
        "unpickle": lambda: pickle.loads(pickled).page,
    }
    count, rounds = int(os.environ.get("BENCH_SNAPSHOT_REQUESTS", 3000)), 6
    try:
        seconds = alternate(ways, rounds=rounds, repeat=count // rounds)
    finally:
        cache.delete_many([*tokens, SNAPSHOT_KEY])
    each = {way: 1e6 * spent / count for way, spent in seconds.items()}
    report.figure(
        "  snapshot kept in the process (tokens from Redis)", each["kept"], "µs", command=COMMAND
    )
    report.figure(
        "  snapshot in Django's cache (same round trip)", each["cached"], "µs", command=COMMAND
    )
    report.ratio(
        "Django's cache vs kept in the process, per signing",
        each["cached"] / each["kept"],
        command=COMMAND,
    )
    report.ratio(
        "unpickle vs copy of the snapshot's page", each["unpickle"] / each["copy"], command=COMMAND
    )
    print(f"pickled snapshot: {len(pickled)} bytes")


if __name__ == "__main__":
    run()
