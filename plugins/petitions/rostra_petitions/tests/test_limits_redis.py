"""The abuse limits counted in Redis in one round trip (production's cache).

Runs where a Redis server is given: ROSTRA_TEST_REDIS_URL=redis://127.0.0.1:6379/5
(the test uses its own key prefix and deletes nothing else)."""

import os
import secrets

import pytest
from django.core.cache import caches
from rostra import rate_limits

from rostra_petitions import abuse
from rostra_petitions.models import PetitionLimits

REDIS_URL = os.environ.get("ROSTRA_TEST_REDIS_URL", "")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REDIS_URL, reason="set ROSTRA_TEST_REDIS_URL to a Redis database"),
]


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "rostra.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "rostra-test-" + secrets.token_hex(4),
        }
    }
    caches["default"].clear = None  # never FLUSHDB a shared server
    yield caches["default"]


def test_limits_counted_in_one_round_trip_mark_the_excess_fraudulent(redis_cache):
    assert rate_limits._redis_client() is not None
    limits = PetitionLimits.load()
    limits.ip_per_minute, limits.domain_per_hour = 2, 3
    limits.save()
    abuse.forget_limits()

    def judge(email_domain, ip="203.0.113.9"):
        return abuse.judge(
            ip=ip,
            ip_hash=ip,
            email_canonical="x@" + email_domain,
            domain=email_domain,
            country="FR",
        )

    verdicts = [judge("asso.example").reason for _ in range(3)]
    assert verdicts == ["", "", "ip_burst"]
    # Another address: its own minute, but the domain's hourly count goes on.
    assert judge("asso.example", ip="203.0.113.10").reason == "domain"
    assert judge("gmail.com", ip="203.0.113.11").reason == ""  # large providers: no domain limit
