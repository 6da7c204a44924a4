"""Rate limits for the public forms: one interface for the core and the plugins.

A limit allows ``limit`` tries per ``window`` seconds to one *subject* (a
hashed client address, an email domain, a country, ...) of one *scope* (the
form or the check: ``"donations:give"``, ``"petitions:ip-minute"``). Tries
are counted in fixed windows in Django's cache, which is Redis in production,
shared by every app server, so a visitor cannot spread tries across them.

Two calls:

- ``allow(request, scope, limit, window)``: the common case, one limit per
  visitor's address. Counts this try and answers whether it is allowed.
- ``over(limits)``: several limits counted together (per address and per
  target, say), in one round trip on Redis. Answers, for each ``Limit``,
  whether this try went over it.

What to do over a limit is the caller's choice: the donation form refuses
with a message, a petition signature is kept but marked fraudulent.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache

from rostra.client_ip import client_ip


@dataclass(frozen=True)
class Limit:
    scope: str
    subject: str
    limit: int
    window: int  # seconds


def _key(item, now):
    return f"ratelimit:{item.scope}:{item.subject}:{int(now // item.window)}"


def _redis_client():
    """The Redis client behind the cache (django-redis's), or None (another backend)."""
    from django.core.cache import caches
    from django_redis.cache import RedisCache

    if not isinstance(caches["default"], RedisCache):
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def _count_each(items, now):
    """The cache's own add and incr: any backend, one call or two per limit."""
    counts = []
    for item in items:
        key = _key(item, now)
        # A few seconds past the window, so that a counter never expires
        # between the add and the incr of a try at the window's end.
        if cache.add(key, 1, item.window + 5):
            counts.append(1)
            continue
        try:
            counts.append(cache.incr(key))
        except ValueError:  # expired all the same
            cache.add(key, 1, item.window + 5)
            counts.append(1)
    return counts


def _count_in_one_round_trip(client, items, now):
    pipeline = client.pipeline(transaction=False)
    for item in items:
        name = cache.make_key(_key(item, now))
        pipeline.set(name, 0, ex=item.window + 5, nx=True)  # the window's counter, once
        pipeline.incr(name)
    replies = pipeline.execute()
    return replies[1::2]


def over(limits):
    """Count one try against each ``Limit``; for each, True when the try is over it."""
    items = list(limits)
    if not items:
        return []
    now = time.time()
    client = _redis_client()
    if client is None:
        counts = _count_each(items, now)
    else:
        counts = _count_in_one_round_trip(client, items, now)
    return [count > item.limit for item, count in zip(items, counts, strict=True)]


def allow(request, scope, limit, window=600):
    """Count this try from the visitor's address; True while within ``limit`` per ``window``."""
    from rostra.people.api import hash_ip

    (exceeded,) = over([Limit(scope, hash_ip(client_ip(request)), limit, window)])
    return not exceeded
