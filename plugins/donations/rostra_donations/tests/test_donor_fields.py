"""The donor's details (Donation.DONOR_FIELDS) are declared once: the ledger's
export lists each, and each month of a monthly gift copies each from the first."""

import pytest

from rostra_donations.models import Donation
from rostra_donations.tests.conftest import session_of, start_gift
from rostra_donations.views.ledger import LedgerView

pytestmark = pytest.mark.django_db


def test_the_ledger_export_lists_every_donor_field():
    exported = [name.split(".")[0] for name in LedgerView.list_export]
    assert [name for name in exported if name in Donation.DONOR_FIELDS] == list(
        Donation.DONOR_FIELDS
    )


def test_each_month_of_a_monthly_gift_copies_every_donor_field(donation_page, fake_stripe, deliver):
    first = start_gift(donation_page, monthly=True)
    deliver(fake_stripe.complete(session_of(first)))
    # Every field with a value of its own (the form leaves some empty).
    Donation.objects.filter(pk=first.pk).update(
        civility="Mme",
        address_line2="Bâtiment B",
        elected_office="Conseillère municipale",
        nationality="ZZ",
        french_resident=True,
        country="BE",
    )
    first.refresh_from_db()
    subscription = fake_stripe.get(session_of(first))["subscription"]
    deliver([fake_stripe.invoice_paid(subscription)])

    second = Donation.objects.exclude(pk=first.pk).get()
    assert second.recurring_id == first.recurring_id
    for name in Donation.DONOR_FIELDS:
        assert getattr(second, name) == getattr(first, name), name
