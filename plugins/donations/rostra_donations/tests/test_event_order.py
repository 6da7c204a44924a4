"""Events in any order: whatever order Stripe delivers a gift's events in, and
however often, the gift ends in the same state. An event that names a payment,
checkout or subscription not known yet is kept and applied when it appears."""

import threading
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import close_old_connections, connection, transaction
from django.test import Client, TestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostra_donations import caps, kept, tasks, treasurer_actions
from rostra_donations.models import (
    Acknowledgement,
    Donation,
    DonationStatus,
    Frequency,
    KeptOutcome,
    RecurringGift,
    Refund,
    WebhookEvent,
)
from rostra_donations.tests.conftest import (
    API_KEY,
    send_signed,
    session_of,
    start_gift,
    stripe_account,
)

pytestmark = pytest.mark.django_db


def _intent(fake, donation):
    """The payment intent Stripe made for the gift's checkout (known to Stripe
    before any event about it reaches us)."""
    return fake.get(session_of(donation))["payment_intent"]


# Each lifecycle: (fake Stripe, the gift) → its events, in the order they happen.


def one_off_card(fake, donation):
    return fake.complete(session_of(donation))


def one_off_sepa(fake, donation):
    return [
        *fake.complete(session_of(donation), method="sepa_debit"),
        *fake.settle(session_of(donation)),
    ]


def refunded(fake, donation):
    events = fake.complete(session_of(donation))
    return [*events, *fake.refund_outside(_intent(fake, donation))]


def partly_refunded_sepa(fake, donation):
    events = [
        *fake.complete(session_of(donation), method="sepa_debit"),
        *fake.settle(session_of(donation)),
    ]
    return [*events, *fake.refund_outside(_intent(fake, donation), amount=1000)]


def dispute(status):
    def lifecycle(fake, donation):
        events = fake.complete(session_of(donation))
        intent = _intent(fake, donation)
        return [*events, *fake.dispute(intent), *fake.dispute(intent, status=status)]

    return lifecycle


def monthly(fake, donation):
    events = fake.complete(session_of(donation))  # checkout completed, first invoice paid
    subscription = fake.get(session_of(donation))["subscription"]
    second = fake.invoice_paid(subscription)
    ended = fake.event(
        "customer.subscription.deleted", {**fake.get(subscription), "status": "canceled"}
    )
    return [*events, second, ended]


def monthly_refunded(fake, donation):
    events = fake.complete(session_of(donation))
    subscription = fake.get(session_of(donation))["subscription"]
    second = fake.invoice_paid(subscription)
    intent = second["data"]["object"]["payments"]["data"][0]["payment"]["payment_intent"]
    return [*events, second, *fake.refund_outside(intent)]


LIFECYCLES = {
    "one-off card": (one_off_card, False),
    "one-off SEPA": (one_off_sepa, False),
    "refund": (refunded, False),
    "partial refund of a SEPA gift": (partly_refunded_sepa, False),
    "dispute won": (dispute("won"), False),
    "dispute lost": (dispute("lost"), False),
    "monthly, then ended": (monthly, True),
    "monthly, a month refunded": (monthly_refunded, True),
}


def final_state():
    """What a donor, a treasurer or the cap sees, without ids or times."""
    gifts = []
    for gift in Donation.objects.order_by("pk"):
        gifts.append(
            (
                gift.frequency,
                gift.amount,
                gift.status,
                gift.method,
                gift.over_cap,
                sorted(gift.attempts.values_list("state", flat=True)),
                sorted(gift.refunds.values_list("amount", "state", "source")),
                sorted((d.status, d.amount) for a in gift.attempts.all() for d in a.disputes.all()),
                # A refunded gift's acknowledgement is voided, a paid one's stands.
                Acknowledgement.objects.filter(donation=gift, voided_at__isnull=True).exists(),
            )
        )
    return {
        "gifts": sorted(gifts),
        "monthly": sorted(RecurringGift.objects.values_list("state", "amount")),
        "kept": KeptOutcome.objects.count(),
    }


class _Undo(Exception):
    pass


@contextmanager
def undone():
    """Each example starts from the same database."""
    try:
        with transaction.atomic():
            yield
            raise _Undo
    except _Undo:
        cache.clear()


def deliver_lifecycle(client, page, lifecycle, choose):
    """Start a gift, let Stripe make its events, and deliver them in the order
    ``choose(count)`` gives (indices; repeats are redeliveries). The final state."""
    make_events, is_monthly = LIFECYCLES[lifecycle]
    donation = start_gift(page, euros=20 if is_monthly else 50, monthly=is_monthly)
    events = make_events(client.fake, donation)
    for response in send_signed(client, page.get_site(), [events[i] for i in choose(len(events))]):
        assert response.status_code == 200
    return final_state()


@pytest.fixture
def setting(client, national_site, payment_settings, fake_stripe, donation_page):
    client.fake = fake_stripe
    return client, donation_page


def _gift(status, method="card", *, amount=5000, frequency="one_off", refunds=(), disputes=()):
    voided = status == "refunded"
    return (
        frequency,
        amount,
        status,
        method,
        False,
        ["paid"],
        list(refunds),
        list(disputes),
        not voided,
    )


def _month(status="paid", refunds=()):
    return _gift(status, "", amount=2000, frequency="monthly", refunds=refunds)


# The natural order's result, spelt out: every other order must give it too.
EXPECTED = {
    "one-off card": ([_gift("paid")], []),
    "one-off SEPA": ([_gift("paid", "sepa_debit")], []),
    "refund": ([_gift("refunded", refunds=[(5000, "succeeded", "provider")])], []),
    "partial refund of a SEPA gift": (
        [_gift("paid", "sepa_debit", refunds=[(1000, "succeeded", "provider")])],
        [],
    ),
    "dispute won": ([_gift("paid", disputes=[("won", 5000)])], []),
    "dispute lost": (
        [_gift("refunded", refunds=[(5000, "succeeded", "dispute")], disputes=[("lost", 5000)])],
        [],
    ),
    "monthly, then ended": ([_month(), _month()], [("cancelled", 2000)]),
    "monthly, a month refunded": (
        [_month(), _month("refunded", refunds=[(2000, "succeeded", "provider")])],
        [("active", 2000)],
    ),
}


def in_natural_order(count):
    return list(range(count))


@pytest.mark.parametrize("lifecycle", list(LIFECYCLES))
def test_natural_order(setting, lifecycle):
    client, page = setting
    state = deliver_lifecycle(client, page, lifecycle, in_natural_order)
    gifts, monthly_gifts = EXPECTED[lifecycle]
    assert state == {"gifts": sorted(gifts), "monthly": monthly_gifts, "kept": 0}


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
@pytest.mark.parametrize("lifecycle", list(LIFECYCLES))
def test_any_order_and_any_redelivery_ends_the_same(setting, lifecycle, data):
    client, page = setting

    def shuffled(count):
        order = data.draw(st.permutations(range(count)), label="order")
        again = data.draw(st.lists(st.integers(0, count - 1), max_size=3), label="redelivered")
        for index in again:
            order.insert(data.draw(st.integers(0, len(order)), label="at"), index)
        return order

    gifts, monthly_gifts = EXPECTED[lifecycle]
    with undone():
        state = deliver_lifecycle(client, page, lifecycle, shuffled)
        assert state == {"gifts": sorted(gifts), "monthly": monthly_gifts, "kept": 0}


# The faults seen, one by one ---------------------------------------------------


def test_refund_before_the_payment_is_kept_not_lost(setting):
    """It used to be answered "unknown payment", stored, then ignored as a duplicate."""
    client, page = setting
    donation = start_gift(page)
    paid = client.fake.complete(session_of(donation))
    refund = client.fake.refund_outside(_intent(client.fake, donation))
    send_signed(client, page.get_site(), refund * 2)  # delivered, then retried
    assert WebhookEvent.objects.get().outcome.startswith("kept until payment:pi_")
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PENDING and not Refund.objects.exists()
    send_signed(client, page.get_site(), paid)
    donation.refresh_from_db()
    assert donation.status == DonationStatus.REFUNDED
    assert Refund.objects.get().amount == 5000
    assert not KeptOutcome.objects.exists()
    outcome = WebhookEvent.objects.get(event_id=refund[0]["id"]).outcome
    assert "; then refund" in outcome and "succeeded" in outcome


def test_subscription_ended_first_stops_the_monthly_gift_and_the_cap_counting_it(setting):
    client, page = setting
    donation = start_gift(page, euros=20, monthly=True)
    fake = client.fake
    started = fake.complete(session_of(donation))
    subscription = fake.get(session_of(donation))["subscription"]
    ended = fake.event(
        "customer.subscription.deleted", {**fake.get(subscription), "status": "canceled"}
    )
    send_signed(client, page.get_site(), [ended, *started])
    monthly = RecurringGift.objects.get()
    assert monthly.state == RecurringGift.State.CANCELLED
    # The cap counts the month paid, not the months that will never come.
    check = caps.check(
        person=donation.person,
        key=donation.donor_key,
        amount=0,
        frequency=Frequency.ONE_OFF,
        recipient_kind=donation.recipient_kind,
        jurisdiction=donation.jurisdiction,
    )
    assert check.committed == 2000


def test_a_kept_event_applies_when_the_donor_comes_back_before_the_webhook(setting):
    """The payment can appear through the return page too (asking Stripe)."""
    client, page = setting
    donation = start_gift(page)
    client.fake.complete(session_of(donation))  # paid at Stripe; its webhook is late
    send_signed(client, page.get_site(), client.fake.refund_outside(_intent(client.fake, donation)))
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(f"{page.url}merci/{donation.token}/")
    assert response.status_code == 200
    donation.refresh_from_db()
    assert donation.status == DonationStatus.REFUNDED
    assert not KeptOutcome.objects.exists()


def test_applying_what_was_kept_twice_changes_nothing(setting):
    client, page = setting
    donation = start_gift(page)
    paid = client.fake.complete(session_of(donation))
    send_signed(client, page.get_site(), client.fake.refund_outside(_intent(client.fake, donation)))
    waiting_for = KeptOutcome.objects.get().waiting_for
    # Not there yet: nothing happens, the outcome stays kept.
    assert kept.release(page.get_site().pk, waiting_for) == 0
    assert KeptOutcome.objects.count() == 1
    send_signed(client, page.get_site(), paid)
    state = final_state()
    assert kept.release(page.get_site().pk, waiting_for) == 0
    tasks.apply_kept.enqueue(site_id=page.get_site().pk, waiting_for=waiting_for)
    assert final_state() == state
    assert Refund.objects.count() == 1


def test_kept_events_belong_to_the_site_that_verified_them(
    client, national_site, other_site, payment_settings, fake_stripe, donation_page
):
    """A refund kept by Lyon for a payment no one knew is not applied when that
    payment appears on the national site."""
    stripe_account(other_site, "whsec_lyon_secret_0123456789", key=API_KEY + "_lyon")
    donation = start_gift(donation_page)
    paid = fake_stripe.complete(session_of(donation))
    refund = fake_stripe.refund_outside(_intent(fake_stripe, donation))
    send_signed(client, other_site, refund, secret="whsec_lyon_secret_0123456789")
    assert KeptOutcome.objects.get().site == other_site
    send_signed(client, national_site, paid)
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID
    assert not Refund.objects.exists()
    assert KeptOutcome.objects.get().site == other_site  # still Lyon's, never applied


def test_refund_reported_before_rostra_hears_back_is_the_treasurers_refund(
    setting, admin_user, monkeypatch
):
    """Stripe may post refund.created before its answer to Rostra's own refund
    request arrives: that is the refund the treasurer asked for, not a second one."""
    client, page = setting
    donation = start_gift(page)
    send_signed(client, page.get_site(), client.fake.complete(session_of(donation)))
    made = client.fake._post_refunds

    def refund_and_report_at_once(path, params):
        refund = made(path, params)
        send_signed(client, page.get_site(), [client.fake.event("refund.created", refund)])
        return refund

    monkeypatch.setattr(client.fake, "_post_refunds", refund_and_report_at_once)
    donation.refresh_from_db()
    treasurer_actions.refund(donation, amount=2000, reason="Erreur de saisie", user=admin_user)
    refund = Refund.objects.get()
    assert refund.source == Refund.Source.TREASURER and refund.requested_by == admin_user
    assert refund.state == Refund.State.SUCCEEDED and refund.provider_ref.startswith("re_")
    donation.refresh_from_db()
    assert donation.refunded_amount == 2000


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_what_was_kept_is_applied_once_when_released_at_once(
    national_site, payment_settings, fake_stripe, donation_page, monkeypatch
):
    client = Client()
    client.fake = fake_stripe
    donation = start_gift(donation_page)
    paid = fake_stripe.complete(session_of(donation))
    refund = fake_stripe.refund_outside(_intent(fake_stripe, donation))
    send_signed(client, national_site, refund)
    waiting_for = KeptOutcome.objects.get().waiting_for
    # The payment appears without releasing anything (as if the process died
    # right after its commit); then four workers release at the same moment.
    with monkeypatch.context() as patched:
        patched.setattr(kept, "look_again", lambda site, waiting_for: None)
        send_signed(client, national_site, paid)
    assert Donation.objects.get().status == DonationStatus.PAID
    barrier = threading.Barrier(4)
    applied = []

    def release():
        try:
            barrier.wait()
            applied.append(kept.release(national_site.pk, waiting_for))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=release) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(applied) == [0, 0, 0, 1]
    assert Refund.objects.count() == 1
    assert Donation.objects.get().status == DonationStatus.REFUNDED
    assert WebhookEvent.objects.get(event_id=refund[0]["id"]).outcome.count("; then") == 1
