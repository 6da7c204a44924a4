"""The publication counter: bumped by every change that purges the cache.

A render that began before a change may finish after its purge and would put
the old page back into nginx for the whole cache lifetime. So the page cache
middleware reads the counter when a render starts and again when it ends, and
does not share the response if it moved (rostra.http_cache). The counter lives
in Django's cache, which production shares between app servers (Redis).
"""

from django.core.cache import cache

KEY = "rostra:cache-purge:generation"


def current():
    return cache.get(KEY, 0)


def bump():
    # add() then incr(): atomic in Redis, and never resets a counter in use.
    cache.add(KEY, 0, timeout=None)
    try:
        return cache.incr(KEY)
    except ValueError:  # evicted between the two calls
        cache.set(KEY, 1, timeout=None)
        return 1
