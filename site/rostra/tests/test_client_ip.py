"""Behind nginx every request comes from nginx: rate limits read the visitor's
address from the header nginx sets (ROSTRA_CLIENT_IP_HEADER)."""

import pytest
from django.test import RequestFactory

from rostra.client_ip import client_ip

factory = RequestFactory()


def test_without_a_proxy_the_connection_address_counts(settings):
    settings.ROSTRA_CLIENT_IP_HEADER = ""
    request = factory.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_REAL_IP="203.0.113.9")
    assert client_ip(request) == "198.51.100.7"  # a header the visitor sent is ignored


@pytest.mark.parametrize("header", ["X-Real-IP", "HTTP_X_REAL_IP", "x-real-ip"])
def test_behind_nginx_the_header_it_sets_counts(settings, header):
    settings.ROSTRA_CLIENT_IP_HEADER = header
    request = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_in_a_forwarded_list_only_the_address_the_proxy_added_counts(settings):
    settings.ROSTRA_CLIENT_IP_HEADER = "X-Forwarded-For"
    request = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"  # 1.2.3.4 is what the visitor claimed


def test_a_missing_or_garbled_header_falls_back_to_the_connection(settings):
    settings.ROSTRA_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(factory.get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
    request = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="<script>")
    assert client_ip(request) == "127.0.0.1"
