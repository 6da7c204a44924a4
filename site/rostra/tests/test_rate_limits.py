"""rostra.rate_limits, the one rate limiter of the core and the plugins."""

from unittest import mock

from django.test import RequestFactory

from rostra import rate_limits
from rostra.rate_limits import Limit

factory = RequestFactory()


def visitor(address):
    return factory.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=address)


def test_the_limit_counts_visitors_by_the_address_nginx_saw(settings):
    settings.ROSTRA_CLIENT_IP_HEADER = "X-Real-IP"
    assert rate_limits.allow(visitor("203.0.113.1"), "test", limit=1)
    assert not rate_limits.allow(visitor("203.0.113.1"), "test", limit=1)
    # Another visitor behind the same proxy is not blocked by the first.
    assert rate_limits.allow(visitor("203.0.113.2"), "test", limit=1)
    # Nor is the same visitor on another form.
    assert rate_limits.allow(visitor("203.0.113.1"), "other", limit=1)


def test_several_limits_are_counted_together_each_against_its_own_figure():
    per_address = Limit("test:address", "a1", limit=2, window=60)
    per_domain = Limit("test:domain", "asso.example", limit=3, window=3600)
    answers = [rate_limits.over([per_address, per_domain]) for _ in range(4)]
    assert answers == [[False, False], [False, False], [True, False], [True, True]]
    assert rate_limits.over([]) == []


def test_a_new_window_starts_a_new_count():
    limit = Limit("test:window", "a1", limit=1, window=60)
    with mock.patch("rostra.rate_limits.time.time", return_value=120.0):
        assert rate_limits.over([limit]) == [False]
        assert rate_limits.over([limit]) == [True]
    with mock.patch("rostra.rate_limits.time.time", return_value=180.0):
        assert rate_limits.over([limit]) == [False]
