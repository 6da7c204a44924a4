"""Keys in the Wagtail admin: made by users with the permission, the token
shown once, revoked from the edit screen, listed per site."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import ModelLogEntry

from rostra_api import keys
from rostra_api.models import ApiKey
from rostra_api.tests.conftest import ApiClient, key_for

ADD = "/admin/api/keys/new/"


@pytest.fixture
def key_manager(db, django_user_model, national_site):
    user = django_user_model.objects.create_user("keys", password="pw")
    group = Group.objects.create(name="Integrations")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="api"),
    )
    user.groups.add(group)
    return user


def test_a_key_is_made_and_its_token_shown_once(client, key_manager, national_site):
    client.force_login(key_manager)
    response = client.post(
        ADD,
        {"name": "Texting tool", "site": national_site.pk, "scope_people": ["read", "write"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    token = re.search(rb"data-api-token>(rostra_[^<]+)<", response.content).group(1).decode()
    key = ApiKey.objects.get()
    assert key.scopes == {"people": ["read", "write"]}
    assert key.user == key_manager
    assert keys.find(token) == key
    assert ModelLogEntry.objects.filter(action="api.key_made", object_id=str(key.pk)).exists()
    listing = client.get("/admin/api/keys/")
    assert b"Texting tool" in listing.content
    assert token.encode() not in listing.content
    assert token.encode() not in client.get(f"/admin/api/keys/edit/{key.pk}/").content


def test_a_key_needs_a_scope(client, key_manager, national_site):
    client.force_login(key_manager)
    response = client.post(ADD, {"name": "Nothing", "site": national_site.pk})
    assert response.status_code == 200
    assert not ApiKey.objects.exists()


def test_users_without_the_permission_cannot_make_keys(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(ADD).status_code in (302, 403)
    assert client.get("/admin/api/keys/").status_code in (302, 403)


def test_revoking_from_the_edit_screen_stops_the_key(client, key_manager, national_site):
    key, token = key_for(national_site, key_manager)
    client.force_login(key_manager)
    response = client.post(
        f"/admin/api/keys/edit/{key.pk}/",
        {"name": key.name, "scope_people": ["read"], "revoke": "on"},
    )
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert ApiClient(token).get("/api/osdi/v1/").status_code == 401


def test_keys_are_never_deleted(client, key_manager, national_site):
    key, _token = key_for(national_site, key_manager)
    client.force_login(key_manager)
    client.post(f"/admin/api/keys/delete/{key.pk}/")
    assert ApiKey.objects.filter(pk=key.pk).exists()
