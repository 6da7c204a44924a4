"""Production's cache: django-redis, with one Redis client for every call.

Runs where a Redis server is given: ROSTRA_TEST_REDIS_URL=redis://127.0.0.1:6379/5
(its own key prefix; nothing else is read or deleted)."""

import threading

import pytest
from django_redis import get_redis_connection


@pytest.fixture
def cache(redis_cache):
    yield redis_cache
    redis_cache.delete_many([f"k{n}" for n in range(200)] + ["counter", "once"])


def test_one_client_serves_every_call(cache):
    assert get_redis_connection("default") is get_redis_connection("default", write=False)
    cache.set("k1", {"a": 1}, 30)
    assert cache.get("k1") == {"a": 1}
    assert cache.add("once", 1, 30) is True
    assert cache.add("once", 1, 30) is False
    assert cache.get_many(["k1", "missing"]) == {"k1": {"a": 1}}
    # rostra.rate_limits counts on it: a missing counter is a ValueError.
    with pytest.raises(ValueError):
        cache.incr("k2")


def test_threads_share_the_client_and_lose_no_increment(cache):
    cache.set("counter", 0, 60)
    clients = set()

    def add_many():
        # One backend shared by the threads (Django's ``caches`` would give each
        # thread its own): one client for them all.
        clients.add(id(cache.client.get_client(write=True)))
        for _ in range(200):
            cache.incr("counter")

    threads = [threading.Thread(target=add_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("counter") == 800
    assert len(clients) == 1
