"""Behind nginx, the donation form's rate limit counts each visitor apart."""

from django.test import RequestFactory

from rostra_donations import ratelimit

factory = RequestFactory()


def visitor(address):
    return factory.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=address)


def test_the_limit_counts_visitors_by_the_address_nginx_saw(settings):
    settings.ROSTRA_CLIENT_IP_HEADER = "X-Real-IP"
    assert ratelimit.allow(visitor("203.0.113.1"), "test", limit=1)
    assert not ratelimit.allow(visitor("203.0.113.1"), "test", limit=1)
    # Another visitor behind the same proxy is not blocked by the first.
    assert ratelimit.allow(visitor("203.0.113.2"), "test", limit=1)
