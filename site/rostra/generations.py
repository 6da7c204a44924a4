"""Generation tokens: what a process keeps in memory between requests (the
sites' root paths, a petition's signing snapshot) is checked on each request
against a small token in the shared cache, and any change that matters replaces
the token, so that every process builds its copy again on its next request."""

import uuid

from django.core.cache import cache
from django.db import transaction


def current(key):
    """The token now, or None when the cache cannot keep one (nothing may be kept)."""
    token = cache.get(key)
    if token is None:
        # Missing after a restart or an eviction: a fresh token can never match
        # what a process kept before, so nothing stale is reused.
        cache.add(key, uuid.uuid4().hex, timeout=None)
        token = cache.get(key)
    return token


def replace(key):
    cache.set(key, uuid.uuid4().hex, timeout=None)


def changed(key):
    """What the key covers may have changed: replace its token at once, and again
    once the change is committed, so that a process that rebuilt its copy in
    between (still seeing the old rows) rebuilds it once more."""
    replace(key)
    transaction.on_commit(lambda: replace(key))


def current_many(keys):
    """{key: token} for several keys in one round trip to the cache."""
    found = cache.get_many(keys)
    return {key: found[key] if key in found else current(key) for key in keys}
