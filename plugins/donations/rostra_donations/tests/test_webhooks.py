"""Stripe webhooks: signed on the raw body, stored once, never moving backwards."""

import json
import threading
import time

import pytest
from django.db import close_old_connections, connection

from rostra_donations.models import (
    Acknowledgement,
    Dispute,
    Donation,
    DonationStatus,
    PaymentAttempt,
    RecurringGift,
    Refund,
    WebhookEvent,
)
from rostra_donations.tests.conftest import post_event

pytestmark = pytest.mark.django_db


def started(give):
    response = give()
    assert response.status_code == 302
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_forged_signature_is_refused_and_nothing_is_stored(
    client, give, fake_stripe, national_site
):
    cs = started(give)
    event = fake_stripe.complete(cs)[0]
    response = post_event(client, national_site, event, secret="whsec_someone_else")
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    assert Donation.objects.get().status == DonationStatus.PENDING


def test_tampered_body_is_refused(client, give, fake_stripe, national_site):
    cs = started(give)
    event = fake_stripe.complete(cs)[0]
    body = json.dumps(event)
    header = __import__("rostra_donations.testmode.stripe", fromlist=["sign"]).sign(
        body, "whsec_rostra_tests_0123456789"
    )
    tampered = body.replace('"amount_total": 5000', '"amount_total": 500000')
    assert tampered != body
    response = client.post(
        f"/_donations/stripe/{national_site.pk}/webhook/",
        data=tampered,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_missing_signature_is_refused(client, give, fake_stripe, national_site):
    cs = started(give)
    event = fake_stripe.complete(cs)[0]
    response = client.post(
        f"/_donations/stripe/{national_site.pk}/webhook/",
        data=json.dumps(event),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_timestamp_older_than_the_tolerance_is_refused(client, give, fake_stripe, national_site):
    cs = started(give)
    event = fake_stripe.complete(cs)[0]
    response = post_event(client, national_site, event, timestamp=time.time() - 301)
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    assert Donation.objects.get().status == DonationStatus.PENDING
    fresh = post_event(client, national_site, event, timestamp=time.time() - 200)
    assert fresh.status_code == 200


def test_duplicate_event_is_answered_200_and_ignored(
    client, give, fake_stripe, national_site, deliver
):
    cs = started(give)
    events = fake_stripe.complete(cs)
    deliver(events)
    again = post_event(client, national_site, events[0])
    assert again.status_code == 200
    assert WebhookEvent.objects.count() == 1
    assert Acknowledgement.objects.count() == 1


def test_event_without_effect_is_stored_once_and_acknowledged(
    client, fake_stripe, national_site, payment_settings
):
    event = fake_stripe.event("customer.updated", fake_stripe.shapes["customer"])
    first = post_event(client, national_site, event)
    again = post_event(client, national_site, event)
    assert first.status_code == again.status_code == 200
    assert first.json() == {"received": True} and again.content == b"duplicate"
    row = WebhookEvent.objects.get()
    assert (row.event_id, row.type, row.outcome) == (event["id"], "customer.updated", "ignored")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_same_event_delivered_50_times_at_once_has_one_effect(give, fake_stripe, national_site):
    from django.test import Client

    cs = started(give)
    event = fake_stripe.complete(cs)[0]
    barrier = threading.Barrier(50)
    codes = []

    def deliver_once():
        try:
            barrier.wait()
            codes.append(post_event(Client(), national_site, event).status_code)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=deliver_once) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * 50
    assert WebhookEvent.objects.filter(event_id=event["id"]).count() == 1
    donation = Donation.objects.get()
    assert donation.status == DonationStatus.PAID
    assert Acknowledgement.objects.filter(donation=donation).count() == 1
    assert Acknowledgement.objects.get().number == 1


def test_async_payment_succeeded_before_checkout_completed(give, fake_stripe, deliver):
    cs = started(give)
    completed = fake_stripe.complete(cs, method="sepa_debit")
    succeeded = fake_stripe.settle(cs, succeeded=True)
    deliver(succeeded)  # arrives first
    donation = Donation.objects.get()
    assert donation.status == DonationStatus.PAID
    deliver(completed)  # late: "unpaid, processing" must not move it back
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID
    assert donation.attempts.get().state == PaymentAttempt.State.PAID
    assert Acknowledgement.objects.filter(donation=donation).count() == 1


def test_expired_session_after_payment_does_not_undo_it(give, fake_stripe, deliver):
    cs = started(give)
    deliver(fake_stripe.complete(cs))
    deliver([fake_stripe.event("checkout.session.expired", fake_stripe.get(cs))])
    assert Donation.objects.get().status == DonationStatus.PAID


def test_invoice_paid_for_month_two_adds_a_gift_to_the_ledger(give, fake_stripe, deliver):
    cs = started(lambda: give(frequency="monthly", amount_choice="20"))
    created = [p for m, path, p in fake_stripe.requests if path == "/v1/checkout/sessions"][-1]
    assert created["mode"] == "subscription"
    assert created["line_items"][0]["price_data"]["recurring"]["interval"] == "month"
    first_events = fake_stripe.complete(cs, method="card")
    deliver(first_events[:1])  # checkout.session.completed alone does not pay
    first = Donation.objects.get()
    assert first.status == DonationStatus.PROCESSING
    deliver(first_events[1:])  # invoice.paid, month 1
    first.refresh_from_db()
    assert first.status == DonationStatus.PAID
    recurring = RecurringGift.objects.get()
    assert recurring.state == RecurringGift.State.ACTIVE
    month_two = fake_stripe.invoice_paid(recurring.subscription_ref)
    deliver([month_two])
    deliver([month_two])  # redelivered
    gifts = Donation.objects.order_by("pk")
    assert gifts.count() == 2
    second = gifts.last()
    assert second.status == DonationStatus.PAID
    assert second.amount == 2000 and second.recurring == recurring
    assert (second.last_name, second.postcode) == ("Dupont", "69003")
    assert Acknowledgement.objects.count() == 2


def test_monthly_sepa_is_paid_on_invoice_paid_only(give, fake_stripe, deliver):
    cs = started(lambda: give(frequency="monthly", amount_choice="10"))
    deliver(fake_stripe.complete(cs, method="sepa_debit"))
    donation = Donation.objects.get()
    assert donation.status == DonationStatus.PROCESSING
    deliver(fake_stripe.settle(cs, succeeded=True))
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID


def test_refund_after_acknowledgement_voids_it(give, fake_stripe, deliver):
    cs = started(give)
    deliver(fake_stripe.complete(cs))
    donation = Donation.objects.get()
    ack = Acknowledgement.objects.get(donation=donation)
    intent = donation.attempts.get().payment_ref
    deliver(fake_stripe.refund_outside(intent))
    donation.refresh_from_db()
    assert donation.status == DonationStatus.REFUNDED
    refund = Refund.objects.get()
    assert refund.source == Refund.Source.PROVIDER and refund.state == Refund.State.SUCCEEDED
    ack.refresh_from_db()
    assert ack.voided_at is not None
    assert ack.number == 1  # the number stays taken: no gap, no reuse


def test_partial_refund_keeps_the_gift_paid(give, fake_stripe, deliver):
    cs = started(give)
    deliver(fake_stripe.complete(cs))
    donation = Donation.objects.get()
    deliver(fake_stripe.refund_outside(donation.attempts.get().payment_ref, amount=1000))
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID
    assert donation.refunded_amount == 1000


def test_dispute_after_acknowledgement_lost_counts_as_refund(give, fake_stripe, deliver):
    cs = started(give)
    deliver(fake_stripe.complete(cs))
    donation = Donation.objects.get()
    intent = donation.attempts.get().payment_ref
    deliver(fake_stripe.dispute(intent))
    donation.refresh_from_db()
    assert donation.status == DonationStatus.DISPUTED
    deliver(fake_stripe.dispute(intent, status="lost"))
    donation.refresh_from_db()
    assert donation.status == DonationStatus.REFUNDED
    assert Dispute.objects.get().status == Dispute.Status.LOST
    assert Refund.objects.get().source == Refund.Source.DISPUTE
    # A late "dispute opened" redelivery does not reopen it.
    deliver(
        [
            fake_stripe.event(
                "charge.dispute.updated",
                {**fake_stripe.get(f"dp_test_{intent}"), "status": "needs_response"},
            )
        ]
    )
    assert Dispute.objects.get().status == Dispute.Status.LOST


def test_dispute_won_restores_the_gift(give, fake_stripe, deliver):
    cs = started(give)
    deliver(fake_stripe.complete(cs))
    donation = Donation.objects.get()
    intent = donation.attempts.get().payment_ref
    deliver(fake_stripe.dispute(intent))
    deliver(fake_stripe.dispute(intent, status="won"))
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID


def test_event_for_another_sites_account_is_refused(client, give, fake_stripe, other_site):
    cs = started(give)
    event = fake_stripe.complete(cs)[0]
    # The other site has no Stripe account of its own (and never the party's).
    response = post_event(client, other_site, event)
    assert response.status_code == 404
    assert not WebhookEvent.objects.exists()
