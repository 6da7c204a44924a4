"""The API bench's settings (the test settings on the bench database, the bare
INSERT view at /_bench/insert/, persistent connections) with what production
does that the organising bench depends on: tasks queued in the database for the
worker (the RSVP's confirmation email is sent by the worker, not in the
request) and the cache (the rate limits' counters) in Redis. Bench only."""

import os

from bench.api_site.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2"),
        "KEY_PREFIX": f"bench-organising-{os.getpid()}",
    }
}
# The proof of work's checks (two HMACs, expiry, one use) cost the same
# whatever the number to find: a small one is solved quickly before the load.
ORGANISING_POW_MAX_NUMBER = 50
