"""The OpenAPI description and the documentation page: served by Rostra,
describing what the API really serves, with no third-party asset."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_description_lists_every_endpoint_the_api_serves(api):
    schema = Client().get("/api/osdi/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/osdi/v1/people"])
    # Every registered resource is described, and every list described answers.
    assert "/api/osdi/v1/petitions" in paths
    for path, methods in paths.items():
        if "{id}" in path or "get" not in methods:
            continue
        response = api.get(path)
        assert response.status_code in (200, 403), path
    entry = api.get("/api/osdi/v1/").json()
    assert entry["_links"]["docs"]["href"].endswith("/api/osdi/v1/openapi.json")


def test_the_documentation_page_has_no_third_party_asset():
    page = Client().get("/api/docs/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "GET /api/osdi/v1/people" in html
    assert "<script" not in html
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/"), url


def test_the_documentation_page_speaks_french():
    html = Client().get("/api/docs/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Une personne." in html
