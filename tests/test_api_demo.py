"""The demo's API keys: one national, one per candidate acting as the
candidate; the same keys and tokens on a second run."""

import io

import pytest
from rostra.demo import Demo, Login
from rostra_api import demo as api_demo
from rostra_api.models import ApiKey
from rostra_api.tests.conftest import ApiClient
from rostra_network.tests.conftest import provision

pytestmark = pytest.mark.django_db


def test_the_demo_makes_a_national_key_and_a_candidate_key(national_site, admin_user):
    from rostra_network.models import Blueprint

    Blueprint.load().save()
    lyon = provision("Alice Martin", "lyon", communes=["69123"])
    demo = Demo(stdout=io.StringIO(), site=national_site)
    demo.logins.append(Login("Candidate (Alice Martin)", lyon.user.username, "pw", "/admin/"))
    api_demo.finish(demo)
    tokens = dict(demo.extra["api_keys"])
    assert set(tokens) == {"national", lyon.site.hostname}
    national = ApiKey.objects.get(site=national_site)
    candidate = ApiKey.objects.get(site=lyon.site)
    assert national.user == admin_user and candidate.user == lyon.user
    for token in tokens.values():
        assert ApiClient(token).get("/api/osdi/v1/people").status_code == 200

    api_demo.finish(demo)  # a second run changes nothing
    assert demo.extra["api_keys"] == tokens
    assert ApiKey.objects.count() == 2
