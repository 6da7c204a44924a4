"""Behind nginx, abuse checks see the visitor's address, not the proxy's."""

from django.test import RequestFactory

from rostra_petitions import abuse

factory = RequestFactory()


def test_the_address_comes_from_the_header_nginx_sets(settings):
    settings.ROSTRA_CLIENT_IP_HEADER = "X-Real-IP"
    request = factory.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.5")
    assert abuse.client_ip(request) == "203.0.113.5"


def test_a_forged_forwarded_list_does_not_choose_the_address(settings):
    settings.ROSTRA_CLIENT_IP_HEADER = "X-Forwarded-For"
    request = factory.post(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5"
    )
    assert abuse.client_ip(request) == "203.0.113.5"
