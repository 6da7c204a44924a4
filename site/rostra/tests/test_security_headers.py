import pytest

pytestmark = pytest.mark.django_db


def test_public_pages_carry_a_strict_content_security_policy(client, national_site):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_the_admin_keeps_its_own_rules(client, national_site):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_pages_cannot_be_framed_by_other_sites(client, national_site):
    assert client.get("/")["X-Frame-Options"] == "DENY"
