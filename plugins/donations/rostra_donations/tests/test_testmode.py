"""Without Stripe keys, the local test mode stands in for Stripe's hosted page."""

import pytest
from django.core import mail

from rostra_donations.models import Donation, DonationStatus, PaymentSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_mode_page(donation_page, national_site, settings):
    PaymentSettings.objects.filter(site=national_site).update(
        stripe_secret_key_sealed="", stripe_webhook_secret_sealed=""
    )
    settings.DONATIONS_TEST_MODE = True
    return donation_page


def test_whole_flow_through_the_local_test_page(
    client, test_mode_page, django_capture_on_commit_callbacks
):
    from rostra_donations.tests.conftest import DONOR

    html = client.get(test_mode_page.url).content.decode()
    assert "Mode test" in html
    response = client.post(test_mode_page.url, DONOR)
    assert response["Location"].startswith("/_donations/test-checkout/cs_test_")
    page = client.get(response["Location"]).content.decode()
    assert "MODE TEST" in page and "Payer 50,00" in page
    with django_capture_on_commit_callbacks(execute=True):
        paid = client.post(response["Location"], {"action": "card"})
    assert "/merci/" in paid["Location"]
    donation = Donation.objects.get()
    assert donation.status == DonationStatus.PAID
    assert any(m.attachments for m in mail.outbox)
    assert "est confirmé" in client.get(paid["Location"]).content.decode()


def test_test_mode_is_off_in_production(client, test_mode_page, settings):
    settings.DONATIONS_TEST_MODE = False
    html = client.get(test_mode_page.url).content.decode()
    assert "Les dons en ligne ne sont pas encore ouverts" in html
    assert client.get("/_donations/test-checkout/cs_test_x/").status_code == 404


def test_secrets_are_never_shown_back_in_the_admin(
    client, admin_user, donation_page, national_site
):
    client.force_login(admin_user)
    url = f"/admin/settings/donations/paymentsettings/{national_site.pk}/"
    html = client.get(url).content.decode()
    assert "sk_test_rostra_tests" not in html and "whsec_rostra_tests" not in html
    settings_row = PaymentSettings.objects.get(site=national_site)
    assert "sk_test" not in settings_row.stripe_secret_key_sealed
