"""API keys: stored hashed, revocable at once, last use noted, rate-limited,
every call in the audit log."""

import hashlib

from django.test import Client
from wagtail.models import ModelLogEntry

from rostra_api import keys
from rostra_api.models import ApiKey
from rostra_api.tests.conftest import ApiClient, key_for

ENTRY = "/api/osdi/v1/"


def test_the_token_is_not_stored_only_its_hash(national_key):
    key, token = national_key
    stored = ApiKey.objects.get(pk=key.pk)
    secret = token.split("_", 2)[2]
    assert token not in str(stored.__dict__)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert keys.find(token) == stored


def test_a_call_without_a_valid_key_is_refused(national_key):
    _key, token = national_key
    assert Client().get(ENTRY).status_code == 401
    assert ApiClient(token[:-2] + "xx").get(ENTRY).status_code == 401
    assert ApiClient("rostra_nothing_here").get(ENTRY).status_code == 401
    assert ApiClient(token).get(ENTRY).status_code == 200


def test_osdi_token_header_works_too(national_key):
    response = Client().get(ENTRY, HTTP_OSDI_API_TOKEN=national_key[1])
    assert response.status_code == 200


def test_a_revoked_key_stops_at_once(national_key, admin_user):
    key, token = national_key
    api = ApiClient(token)
    assert api.get("/api/osdi/v1/people").status_code == 200
    keys.revoke(key, by=admin_user)
    assert api.get("/api/osdi/v1/people").status_code == 401
    assert ModelLogEntry.objects.filter(action="api.key_revoked", object_id=str(key.pk)).exists()


def test_a_key_stops_when_its_user_is_deactivated(national_site, django_user_model):
    user = django_user_model.objects.create_user("tool-owner", is_superuser=True)
    _key, token = key_for(national_site, user)
    user.is_active = False
    user.save()
    assert ApiClient(token).get(ENTRY).status_code == 401


def test_last_use_time_and_address_are_kept(national_key):
    key, token = national_key
    ApiClient(token, REMOTE_ADDR="192.0.2.7").get(ENTRY)
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert key.last_used_ip == "192.0.2.7"


def test_every_call_is_in_the_audit_log(national_key):
    key, token = national_key
    api = ApiClient(token)
    api.get(ENTRY)
    api.get("/api/osdi/v1/people")
    api.get("/api/osdi/v1/people/999999")
    entries = ModelLogEntry.objects.filter(action="api.call", object_id=str(key.pk)).order_by("pk")
    assert [(e.data["method"], e.data["path"], e.data["status"]) for e in entries] == [
        ("GET", ENTRY, 200),
        ("GET", "/api/osdi/v1/people", 200),
        ("GET", "/api/osdi/v1/people/999999", 404),
    ]
    assert all(entry.user_id == key.user_id for entry in entries)


def test_calls_over_the_limit_get_429(national_key, settings):
    settings.ROSTRA_API_CALLS_PER_MINUTE = 3
    api = ApiClient(national_key[1])
    answers = [api.get(ENTRY).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    assert api.get(ENTRY)["Retry-After"] == "60"


def test_scopes_are_per_resource_and_action(national_site, admin_user):
    _key, token = key_for(national_site, admin_user, {"people": ["read"]})
    api = ApiClient(token)
    assert api.get("/api/osdi/v1/people").status_code == 200
    refused = api.post(
        "/api/osdi/v1/people",
        '{"person": {"email_addresses": [{"address": "a@example.org"}]}}',
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert "may not write people" in refused.json()["error"]
    _key, token = key_for(national_site, admin_user, {"petitions": ["read"]})
    assert ApiClient(token).get("/api/osdi/v1/people").status_code == 403
