"""The abuse limits counted in Redis in one round trip (production's cache).

Runs where a Redis server is given: ROSTRA_TEST_REDIS_URL=redis://127.0.0.1:6379/5
(the test uses its own key prefix and deletes nothing else)."""

import pytest
from rostra import rate_limits

from rostra_petitions import abuse
from rostra_petitions.models import PetitionLimits

pytestmark = pytest.mark.django_db


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
