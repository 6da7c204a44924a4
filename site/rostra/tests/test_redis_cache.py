"""The Redis cache backend with one client per pool (production's cache).

Runs where a Redis server is given: ROSTRA_TEST_REDIS_URL=redis://127.0.0.1:6379/5
(its own key prefix; nothing else is read or deleted)."""

import os
import secrets
import threading

import pytest

from rostra.redis_cache import SharedClientRedisCache

REDIS_URL = os.environ.get("ROSTRA_TEST_REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="set ROSTRA_TEST_REDIS_URL")


@pytest.fixture
def cache():
    backend = SharedClientRedisCache(
        REDIS_URL, {"KEY_PREFIX": "rostra-test-" + secrets.token_hex(4)}
    )
    yield backend
    backend.delete_many([f"k{n}" for n in range(200)] + ["counter", "once"])


def test_one_client_serves_every_call(cache):
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.set("k1", {"a": 1}, 30)
    assert cache.get("k1") == {"a": 1}
    assert cache.add("once", 1, 30) is True
    assert cache.add("once", 1, 30) is False
    assert cache.get_many(["k1", "missing"]) == {"k1": {"a": 1}}


def test_threads_share_the_client_and_lose_no_increment(cache):
    cache.set("counter", 0, 60)

    def add_many():
        for _ in range(200):
            cache.incr("counter")

    threads = [threading.Thread(target=add_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("counter") == 800
    assert len(cache._cache._clients) == 1
