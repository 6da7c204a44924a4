"""Fixtures of the API tests: keys made the way the admin makes them, and a
client that calls with one."""

import pytest
from django.test import Client
from django.utils import translation

from rostra_api import keys


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def key_for(site, user, scopes=None):
    scopes = scopes if scopes is not None else {"people": ["read", "write"]}
    return keys.make(site=site, name="Phone bank", user=user, scopes=scopes)


class ApiClient(Client):
    """A tool calling with its token."""

    def __init__(self, token, **defaults):
        super().__init__(
            HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en", **defaults
        )

    def post_json(self, path, data, **extra):
        import json

        body = data if isinstance(data, (str, bytes)) else json.dumps(data)
        return self.post(path, body, content_type="application/json", **extra)


@pytest.fixture
def national_key(national_site, admin_user):
    return key_for(national_site, admin_user)


@pytest.fixture
def api(national_key):
    return ApiClient(national_key[1])
