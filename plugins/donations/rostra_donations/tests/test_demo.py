"""The demo's donation page: goal half reached, offline gifts, a monthly donor, a refund."""

import pytest

from rostra_donations.models import Donation, DonationPage, DonationStatus, RecurringGift

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_donation_page(loaded_demo, client):
    # Loaded in test mode, as `make run` does; loading it twice adds nothing
    # (site/rostra/tests/test_demo.py counts every model).
    page = DonationPage.objects.get(locale__language_code="fr")
    assert page.raised() * 2 == page.goal
    assert Donation.objects.filter(method="cheque", status=DonationStatus.PAID).count() >= 5
    assert Donation.objects.filter(status=DonationStatus.REFUNDED).count() == 1
    assert RecurringGift.objects.filter(state="active").count() == 1
    assert Donation.objects.filter(recurring__isnull=False, status="paid").count() == 3
    html = client.get(page.url).content.decode()
    assert "Mode test" in html and 'value="2500"' in html
