"""A fixed-window limit per client address for the public forms (the cache is
shared by every app server in production: Redis)."""

from django.core.cache import cache
from django.utils import timezone
from rostra.client_ip import client_ip
from rostra.people.api import hash_ip


def allow(request, scope, limit, window=600):
    """True while this address made fewer than ``limit`` tries in the window."""
    bucket = int(timezone.now().timestamp()) // window
    key = f"donations:rate:{scope}:{hash_ip(client_ip(request))}:{bucket}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    return count <= limit
