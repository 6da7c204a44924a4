"""The demo's donation page: goal half reached, offline gifts, a monthly donor, a refund."""

import pytest
from django.core.management import call_command

from rostra_donations.models import Donation, DonationPage, DonationStatus, RecurringGift

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_donation_page(client, settings):
    settings.DONATIONS_TEST_MODE = True
    call_command("load_demo")
    call_command("load_demo")  # idempotent
    page = DonationPage.objects.get(locale__language_code="fr")
    assert page.raised() * 2 == page.goal
    assert Donation.objects.filter(method="cheque", status=DonationStatus.PAID).count() >= 5
    assert Donation.objects.filter(status=DonationStatus.REFUNDED).count() == 1
    assert RecurringGift.objects.filter(state="active").count() == 1
    assert Donation.objects.filter(recurring__isnull=False, status="paid").count() == 3
    html = client.get(page.url).content.decode()
    assert "Mode test" in html and 'value="2500"' in html
