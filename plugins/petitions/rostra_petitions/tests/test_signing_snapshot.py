"""The signing endpoint keeps the petition's page, switches, site, view
restrictions and plugin switch between requests (snapshots.py): every change
must reach the next signing."""

import pytest
from rostra.sitesettings.models import BrandSettings, PluginSettings
from wagtail.models import PageViewRestriction

from rostra_petitions import retention
from rostra_petitions.models import Signature
from rostra_petitions.tests.conftest import sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_once(client, petition):
    """One signing first, so that the endpoint has kept what it looked up."""
    assert sign(client, petition, email="first@example.org").status_code == 302
    return petition


def test_pausing_signing_from_the_dashboard_stops_the_next_signing(client, admin_user, signed_once):
    from django.test import Client

    staff = Client()
    staff.force_login(admin_user)
    staff.post(f"/admin/petitions/{signed_once.pk}/switch/pause-signing/")
    assert sign(client, signed_once).status_code == 409
    staff.post(f"/admin/petitions/{signed_once.pk}/switch/resume-signing/")
    assert sign(client, signed_once).status_code == 302
    assert Signature.objects.count() == 2


def test_an_archived_petition_takes_no_more_signatures(client, signed_once):
    retention.archive(signed_once)
    assert sign(client, signed_once).status_code == 409
    assert not Signature.objects.filter(email="camille.durand@example.org").exists()


def test_a_view_restriction_added_later_applies_to_the_next_signing(client, signed_once):
    PageViewRestriction.objects.create(page=signed_once, restriction_type="password", password="x")
    response = sign(client, signed_once)
    assert response.status_code == 200  # Wagtail's password form, as on the page
    assert not Signature.objects.filter(email="camille.durand@example.org").exists()
    PageViewRestriction.objects.all().delete()
    assert sign(client, signed_once).status_code == 302


def test_unpublishing_or_switching_the_plugin_off_stops_the_next_signing(
    client, signed_once, national_site
):
    PluginSettings.objects.update_or_create(site=national_site, defaults={"enabled": []})
    assert sign(client, signed_once).status_code == 404
    PluginSettings.objects.filter(site=national_site).delete()
    assert sign(client, signed_once).status_code == 302
    signed_once.unpublish()
    assert sign(client, signed_once, email="later@example.org").status_code == 404
    assert Signature.objects.count() == 2


def test_a_new_organisation_name_is_the_next_signer_s_consent_wording(
    client, signed_once, national_site
):
    brand = BrandSettings.for_site(national_site)
    brand.organisation_name = "Collectif Nouveau Nom"
    brand.save()
    sign(client, signed_once, newsletter="on")
    signature = Signature.objects.get(email="camille.durand@example.org")
    wording = [choice["wording"] for choice in signature.consents]
    assert any("Collectif Nouveau Nom" in text for text in wording)


def test_a_block_rule_or_lower_limit_added_later_applies_to_the_next_signing(client, signed_once):
    from rostra_petitions.models import AbuseRule, PetitionLimits

    AbuseRule.objects.create(kind="domain", value="spam.example", action="block")
    sign(client, signed_once, email="x@spam.example")
    assert Signature.objects.get(email="x@spam.example").state == Signature.State.FRAUDULENT
    limits = PetitionLimits.load()
    limits.ip_per_hour = 1  # the first signing and the blocked one were counted already
    limits.save()
    sign(client, signed_once, email="y@example.org")
    signature = Signature.objects.get(email="y@example.org")
    assert (signature.state, signature.fraud_reason) == (
        Signature.State.FRAUDULENT,
        "ip_sustained",
    )
