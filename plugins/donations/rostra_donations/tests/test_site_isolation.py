"""One site's webhook secret never touches another site's gifts.

Site B (Lyon) has its own Stripe account and webhook secret. Every event type
the ledger acts on is posted to B's webhook, signed with B's secret, naming in
turn B's own objects, another candidate site's (Paris), the national site's,
and objects no site knows. Only B's own are acted on; another site's are
refused (stored, logged, nothing changed anywhere); unknown ones are kept for
B until they appear.
"""

import logging
import re
import secrets

import pytest

from conftest import make_site
from rostra_donations.models import (
    Acknowledgement,
    Dispute,
    Donation,
    DonationStatus,
    KeptOutcome,
    PaymentAttempt,
    RecurringGift,
    Refund,
    WebhookEvent,
)
from rostra_donations.providers import stripe_events
from rostra_donations.tests.conftest import (
    API_KEY,
    donation_page_on,
    send_signed,
    session_of,
    start_gift,
    stripe_account,
)

pytestmark = pytest.mark.django_db

SECRET_B = "whsec_lyon_0123456789abcdef"
SECRET_C = "whsec_paris_0123456789abcdef"


@pytest.fixture
def sites(national_site, other_site, payment_settings, fake_stripe):
    """The national site (its account: payment_settings), Lyon (B) and Paris (C),
    each with its own account and secret."""
    paris = make_site("paris.localhost", "Paris")
    stripe_account(other_site, SECRET_B, key=API_KEY + "_lyon")
    stripe_account(paris, SECRET_C, key=API_KEY + "_paris")
    return {"national": national_site, "B": other_site, "C": paris}


def ledger():
    """Everything a gift is made of, as stored."""
    return {
        "donations": list(Donation.objects.order_by("pk").values()),
        "attempts": list(PaymentAttempt.objects.order_by("pk").values()),
        "monthly": list(RecurringGift.objects.order_by("pk").values()),
        "refunds": list(Refund.objects.order_by("pk").values()),
        "disputes": list(Dispute.objects.order_by("pk").values()),
        "acknowledgements": list(Acknowledgement.objects.order_by("pk").values()),
    }


# Each case: prepare(fake, page, deliver_here) → (event, applied(donation) -> bool).
# ``deliver_here`` delivers set-up events to the subject's own site.


def _open(fake, page, deliver_here):
    return start_gift(page)


def _paid(fake, page, deliver_here):
    donation = start_gift(page)
    deliver_here(fake.complete(session_of(donation)))
    return donation


def _intent(donation):
    donation.refresh_from_db()
    return donation.attempts.get().payment_ref


def _status(expected):
    def applied(donation):
        donation.refresh_from_db()
        return donation.status == expected

    return applied


def completed(fake, page, deliver_here):
    donation = _open(fake, page, deliver_here)
    return donation, fake.complete(session_of(donation))[0], _status(DonationStatus.PAID)


def sepa_settled(succeeded):
    def prepare(fake, page, deliver_here):
        donation = _open(fake, page, deliver_here)
        deliver_here(fake.complete(session_of(donation), method="sepa_debit"))
        expected = DonationStatus.PAID if succeeded else DonationStatus.FAILED
        return donation, fake.settle(session_of(donation), succeeded)[0], _status(expected)

    return prepare


def expired(fake, page, deliver_here):
    donation = _open(fake, page, deliver_here)
    return donation, fake.expire(session_of(donation))[0], _status(DonationStatus.CANCELLED)


def first_invoice(fake, page, deliver_here):
    donation = start_gift(page, euros=20, monthly=True)
    completed_event, invoice = fake.complete(session_of(donation))
    deliver_here([completed_event])
    return donation, invoice, _status(DonationStatus.PAID)


def _running_monthly(fake, page, deliver_here):
    donation = start_gift(page, euros=20, monthly=True)
    deliver_here(fake.complete(session_of(donation)))
    return donation, RecurringGift.objects.get(pk=donation.recurring_id)


def next_invoice(fake, page, deliver_here):
    donation, monthly = _running_monthly(fake, page, deliver_here)
    return (
        donation,
        fake.invoice_paid(monthly.subscription_ref),
        lambda d: Donation.objects.filter(recurring=monthly).count() == 2,
    )


def subscription_deleted(fake, page, deliver_here):
    donation, monthly = _running_monthly(fake, page, deliver_here)
    subscription = {**fake.get(monthly.subscription_ref), "status": "canceled"}

    def applied(d):
        monthly.refresh_from_db()
        return monthly.state == RecurringGift.State.CANCELLED

    return donation, fake.event("customer.subscription.deleted", subscription), applied


def refund(kind, status="succeeded"):
    def prepare(fake, page, deliver_here):
        donation = _paid(fake, page, deliver_here)
        made = fake.refund_outside(_intent(donation))[0]["data"]["object"]
        event = fake.event(kind, {**made, "status": status})
        return donation, event, lambda d: Refund.objects.filter(donation=d).exists()

    return prepare


def charge_refunded(fake, page, deliver_here):
    donation = _paid(fake, page, deliver_here)
    intent = fake.get(_intent(donation))
    made = fake.refund_outside(intent["id"])[0]["data"]["object"]
    charge = fake.get(intent["latest_charge"])
    charge["refunds"]["data"] = [made]
    event = fake.event("charge.refunded", charge)
    return donation, event, lambda d: Refund.objects.filter(donation=d).exists()


def dispute(kind, status="needs_response"):
    def prepare(fake, page, deliver_here):
        donation = _paid(fake, page, deliver_here)
        opened = fake.dispute(_intent(donation), status=status)[0]["data"]["object"]
        event = fake.event(kind, opened)
        return donation, event, lambda d: Dispute.objects.filter(attempt__donation=d).exists()

    return prepare


CASES = {
    "checkout.session.completed": completed,
    "checkout.session.async_payment_succeeded": sepa_settled(True),
    "checkout.session.async_payment_failed": sepa_settled(False),
    "checkout.session.expired": expired,
    "invoice.paid#first month": first_invoice,
    "invoice.paid#next month": next_invoice,
    "customer.subscription.deleted": subscription_deleted,
    "refund.created": refund("refund.created"),
    "refund.updated": refund("refund.updated"),
    "charge.refund.updated": refund("charge.refund.updated"),
    "refund.failed": refund("refund.failed", status="failed"),
    "charge.refunded": charge_refunded,
    "charge.dispute.created": dispute("charge.dispute.created"),
    "charge.dispute.updated": dispute("charge.dispute.updated"),
    "charge.dispute.closed": dispute("charge.dispute.closed", status="lost"),
    "charge.dispute.funds_withdrawn": dispute("charge.dispute.funds_withdrawn"),
    "charge.dispute.funds_reinstated": dispute("charge.dispute.funds_reinstated", "won"),
}
OWNERS = ["own", "other site", "national", "unknown"]


def test_the_matrix_covers_every_event_type_the_ledger_acts_on():
    assert {case.split("#")[0] for case in CASES} == set(stripe_events.HANDLED)


_STRIPE_ID = re.compile(r"\b(cs|pi|ch|sub|in|inpay|re|dp|cus)_test_[0-9a-f]+")


def unknown(event):
    """The same event naming objects no site has: every id swapped for a new one."""
    import json

    fresh = {}

    def swap(match):
        return fresh.setdefault(match.group(0), f"{match.group(1)}_test_{secrets.token_hex(8)}")

    return json.loads(_STRIPE_ID.sub(swap, json.dumps(event)))


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("case", list(CASES))
def test_event_posted_to_site_b_acts_only_on_site_b(
    client, sites, fake_stripe, case, owner, caplog
):
    subject_site = {"own": "B", "unknown": "B", "other site": "C", "national": "national"}[owner]
    site = sites[subject_site]
    secret = {"B": SECRET_B, "C": SECRET_C, "national": "whsec_rostra_tests_0123456789"}[
        subject_site
    ]
    page = donation_page_on(site)

    def deliver_here(events):
        for response in send_signed(client, site, events, secret=secret):
            assert response.status_code == 200

    donation, event, applied = CASES[case](fake_stripe, page, deliver_here)
    if owner == "unknown":
        event = unknown(event)
    before = ledger()

    with caplog.at_level(logging.WARNING, logger="rostra_donations"):
        (response,) = send_signed(client, sites["B"], [event], secret=SECRET_B)

    assert response.status_code == 200
    assert response.json() == {"received": True}  # the same answer whatever happened
    stored = WebhookEvent.objects.get(event_id=event["id"])
    assert stored.site == sites["B"]
    if owner == "own":
        assert applied(donation), stored.outcome
        assert not KeptOutcome.objects.exists()
        return
    assert ledger() == before, "nothing of any site changed"
    assert not applied(donation)
    if owner == "unknown":
        assert stored.outcome.startswith("kept until"), stored.outcome
        assert KeptOutcome.objects.filter(site=sites["B"], event=stored).exists()
    else:
        assert stored.outcome.startswith("refused:"), stored.outcome
        assert "belongs to another site" in stored.outcome
        assert not KeptOutcome.objects.exists()
        assert any(
            "Refused" in r.getMessage() and str(sites["B"].pk) in r.getMessage()
            for r in caplog.records
        )


def test_national_secret_does_not_reach_a_candidate_sites_gift(client, sites, fake_stripe):
    donation = start_gift(donation_page_on(sites["B"]))
    before = ledger()
    event = fake_stripe.complete(session_of(donation))[0]
    (response,) = send_signed(client, sites["national"], [event])
    assert response.status_code == 200
    assert ledger() == before
    assert WebhookEvent.objects.get().outcome.startswith("refused:")
    # Posted where it belongs, the same event pays the gift.
    send_signed(client, sites["B"], [event], secret=SECRET_B)
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID


def test_another_site_cannot_take_the_id_of_this_sites_event(client, sites, fake_stripe):
    """Stored once per site: an event id posted first to B (by B's secret holder)
    does not make the national site's real event a duplicate."""
    donation = start_gift(donation_page_on(sites["national"], slug="don-national"))
    event = fake_stripe.complete(session_of(donation))[0]
    send_signed(client, sites["B"], [event], secret=SECRET_B)
    (response,) = send_signed(client, sites["national"], [event])
    assert response.json() == {"received": True}
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID
    assert WebhookEvent.objects.filter(event_id=event["id"]).count() == 2


def test_a_secret_cannot_pay_its_own_sites_gift_with_another_amount(client, sites, fake_stripe):
    """Amounts come from what was stored for the attempt, never from the event."""
    donation = start_gift(donation_page_on(sites["B"]))
    event = fake_stripe.complete(session_of(donation))[0]
    event["data"]["object"]["amount_total"] = 1
    send_signed(client, sites["B"], [event], secret=SECRET_B)
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PENDING
    assert WebhookEvent.objects.get().outcome.startswith("refused: the checkout is 1 eur")


def test_a_forged_instalment_of_another_amount_is_refused(client, sites, fake_stripe):
    """The €7,000 instalment: an invoice.paid of B's own monthly gift whose amount
    the donor never agreed to is refused, with no gift and no acknowledgement."""
    page = donation_page_on(sites["B"])
    donation = start_gift(page, euros=20, monthly=True)
    send_signed(client, sites["B"], fake_stripe.complete(session_of(donation)), secret=SECRET_B)
    monthly = RecurringGift.objects.get()
    invoice = fake_stripe.invoice_paid(monthly.subscription_ref)
    invoice["data"]["object"]["amount_paid"] = 700_000
    invoice["data"]["object"]["parent"]["subscription_details"]["metadata"]["recurring"] = "1"
    acknowledged = Acknowledgement.objects.count()
    send_signed(client, sites["B"], [invoice], secret=SECRET_B)
    assert Donation.objects.filter(recurring=monthly).count() == 1
    assert Acknowledgement.objects.count() == acknowledged
    assert "never had" in WebhookEvent.objects.get(event_id=invoice["id"]).outcome
