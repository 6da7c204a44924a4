import pytest

pytestmark = pytest.mark.django_db


def test_public_pages_carry_a_strict_content_security_policy(client, national_site):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def policy_of(response):
    parts = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: values for name, *values in parts}


def test_the_admin_has_a_policy_of_its_own(client, national_site, admin_user):
    """What Wagtail's admin needs (inline code), and nothing from another host."""
    client.force_login(admin_user)
    # The login page sends a signed-in user on to the dashboard.
    for path, status in (("/admin/login/", 302), ("/admin/", 200), ("/admin/pages/", 200)):
        response = client.get(path)
        assert response.status_code == status, path
        policy = policy_of(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]
        for values in policy.values():
            assert not [value for value in values if "://" in value or value == "*"], policy


def test_a_preview_has_the_pages_policy_and_may_be_framed_by_the_admin(
    client, national_site, admin_user
):
    client.force_login(admin_user)
    home = national_site.root_page
    url = f"/admin/pages/{home.pk}/edit/preview/"
    saved = client.post(url, {"title": home.title, "slug": home.slug, "body-count": "0"})
    assert saved.json()["is_valid"], saved.content
    response = client.get(url + "?in_preview_panel=true")
    assert response.status_code == 200
    policy = policy_of(response)
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # what visitors get: no inline script


def test_pages_cannot_be_framed_by_other_sites(client, national_site):
    assert client.get("/")["X-Frame-Options"] == "DENY"
