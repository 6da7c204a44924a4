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


def test_the_demo_webhook_reaches_its_local_receiver_verified(
    national_site, admin_user, django_capture_on_commit_callbacks
):
    from rostra.people import api as people_api
    from rostra_api.demo_receiver import DemoReceiver

    heard = []
    receiver = DemoReceiver(api_demo.demo_webhook_secret(), heard.append).start()
    try:
        demo = Demo(stdout=io.StringIO(), site=national_site)
        api_demo.finish(demo)
        api_demo.demo_subscription(demo, url=f"http://127.0.0.1:{receiver.port}/")
        with django_capture_on_commit_callbacks(execute=True):
            people_api.find_or_create(email="nina@example.org", site=national_site)
    finally:
        receiver.stop()
    assert len(heard) == 1 and heard[0].startswith("person.created evt_")
    assert "verified; 0 duplicates" in heard[0]
