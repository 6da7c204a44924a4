"""Applying what providers report to the payment rows, and deriving each
donation's status from them.

Every change happens with the donation's row locked, inside the caller's
transaction (the webhook view stores the event id in that same transaction).
State only moves forward: an event that arrives late or twice changes nothing.
Confirmation is idempotent: ``confirmed_at`` is set once, and the
``donation_confirmed`` signal and the alert follow once, after commit; the
acknowledgement's task is queued in the transaction itself (it commits with
the confirmation, rostra.worker.queueing).
"""

import logging

from django.db import transaction
from django.utils import timezone
from rostra import signals
from rostra.people import api as people
from rostra.people.models import Consent, SourceKind, TimelineEntry
from rostra.worker.queueing import with_commit

from rostra_donations import caps
from rostra_donations.models import (
    Dispute,
    Donation,
    DonationStatus,
    Frequency,
    PaymentAttempt,
    RecurringGift,
    Refund,
)
from rostra_donations.providers import base

logger = logging.getLogger(__name__)
State = PaymentAttempt.State

# Where an attempt may go from each state. Anything else is a late or repeated
# event and is ignored. A payment reported after we gave up on it (cancelled)
# still counts: the money was taken.
FORWARD = {
    State.CREATED: {State.PENDING, State.PROCESSING, State.PAID, State.FAILED, State.CANCELLED},
    State.PENDING: {State.PROCESSING, State.PAID, State.FAILED, State.CANCELLED},
    State.PROCESSING: {State.PAID, State.FAILED},
    State.CANCELLED: {State.PAID},
    State.FAILED: set(),
    State.PAID: set(),
}


def apply(outcome, site=None):
    """Apply one provider outcome; returns a short description of the effect."""
    handler = _HANDLERS.get(type(outcome))
    if handler is None:
        return "ignored"
    return handler(outcome, site)


def advance(attempt, state, **fields):
    if state != attempt.state and state not in FORWARD[attempt.state]:
        return False
    changed = state != attempt.state
    attempt.state = state
    for name, value in fields.items():
        if value and getattr(attempt, name) != value:
            setattr(attempt, name, value)
            changed = True
    if state == State.PAID and attempt.paid_at is None:
        attempt.paid_at = fields.get("paid_at") or timezone.now()
    if changed:
        attempt.save()
    return changed


def _locked_attempt(**lookup):
    attempt = PaymentAttempt.objects.filter(**lookup).select_related("donation").first()
    if attempt is None:
        return None
    Donation.objects.select_for_update().filter(pk=attempt.donation_id).first()
    attempt.refresh_from_db()
    return attempt


def _on_session(outcome, state, **fields):
    attempt = _locked_attempt(session_ref=outcome.session_ref)
    if attempt is None:
        return "unknown session"
    moved = advance(attempt, state, **fields)
    refresh_status(attempt.donation)
    return f"attempt {attempt.pk} → {attempt.state}" if moved else "no change"


def _processing(outcome, site):
    return _on_session(
        outcome, State.PROCESSING, payment_ref=outcome.payment_ref, method=outcome.method
    )


def _succeeded(outcome, site):
    return _on_session(
        outcome,
        State.PAID,
        payment_ref=outcome.payment_ref,
        method=outcome.method,
        paid_at=outcome.paid_at,
    )


def _failed(outcome, site):
    state = State.CANCELLED if outcome.expired else State.FAILED
    return _on_session(outcome, state, failure_reason=outcome.reason)


def _subscription_started(outcome, site):
    attempt = _locked_attempt(session_ref=outcome.session_ref)
    if attempt is None or attempt.donation.recurring_id is None:
        return "unknown session"
    recurring = RecurringGift.objects.select_for_update().get(pk=attempt.donation.recurring_id)
    recurring.subscription_ref = recurring.subscription_ref or outcome.subscription_ref
    recurring.customer_ref = recurring.customer_ref or outcome.customer_ref
    if recurring.state == RecurringGift.State.PENDING:
        recurring.state = RecurringGift.State.ACTIVE
    recurring.save()
    return f"monthly gift {recurring.pk} active"


def _invoice_paid(outcome, site):
    recurring = None
    if outcome.recurring_id.isdigit():
        recurring = RecurringGift.objects.filter(pk=int(outcome.recurring_id)).first()
    if recurring is None and outcome.subscription_ref:
        recurring = RecurringGift.objects.filter(subscription_ref=outcome.subscription_ref).first()
    if recurring is None:
        return "unknown subscription"
    recurring = RecurringGift.objects.select_for_update().get(pk=recurring.pk)
    if not recurring.subscription_ref:
        recurring.subscription_ref = outcome.subscription_ref
    if recurring.state == RecurringGift.State.PENDING:
        recurring.state = RecurringGift.State.ACTIVE
    recurring.save()

    if PaymentAttempt.objects.filter(invoice_ref=outcome.invoice_ref).exists():
        return "invoice already recorded"
    first = recurring.first_donation()
    first_attempt = first.attempts.order_by("pk").first() if first else None
    if outcome.first and first_attempt is not None and not first_attempt.invoice_ref:
        # The first invoice pays the gift started on the donation page.
        Donation.objects.select_for_update().filter(pk=first.pk).first()
        first_attempt.refresh_from_db()
        first_attempt.invoice_ref = outcome.invoice_ref
        advance(first_attempt, State.PAID, payment_ref=outcome.payment_ref, paid_at=outcome.paid_at)
        first_attempt.save()
        refresh_status(first)
        return f"first month of monthly gift {recurring.pk} paid"
    donation = _next_instalment(recurring, first, outcome)
    return f"month paid for monthly gift {recurring.pk}: donation {donation.pk}"


def _next_instalment(recurring, first, outcome):
    """Month 2 onwards: a new gift in the ledger, copied from the first one's donor."""
    copied = {
        name: getattr(first, name)
        for name in (
            "site_id",
            "page_id",
            "person_id",
            "jurisdiction",
            "recipient_kind",
            "election",
            "civility",
            "first_name",
            "last_name",
            "email",
            "address_line1",
            "address_line2",
            "postcode",
            "town",
            "country",
            "nationality",
            "french_resident",
            "donor_key",
            "attestations",
            "language",
            "refcode",
            "utm_source",
            "utm_medium",
            "utm_campaign",
        )
    }
    donation = Donation(
        **copied, recurring=recurring, frequency=Frequency.MONTHLY, amount=outcome.amount
    )
    caps.lock_donor(donation.person_id, donation.donor_key)
    check = caps.check(
        person=first.person,
        key=donation.donor_key,
        amount=outcome.amount,
        frequency=Frequency.ONE_OFF,
        recipient_kind=donation.recipient_kind,
        jurisdiction=donation.jurisdiction,
        election=donation.election,
        exclude_recurring=recurring,
    )
    # The money is already taken: record it, and flag it for a refund if it crossed the cap.
    donation.over_cap = not check.allowed
    donation.save()
    attempt = PaymentAttempt.objects.create(
        donation=donation,
        provider="stripe",
        amount=outcome.amount,
        invoice_ref=outcome.invoice_ref,
        state=State.CREATED,
    )
    advance(attempt, State.PAID, payment_ref=outcome.payment_ref, paid_at=outcome.paid_at)
    refresh_status(donation)
    return donation


def _subscription_ended(outcome, site):
    recurring = RecurringGift.objects.filter(subscription_ref=outcome.subscription_ref).first()
    if recurring is None:
        return "unknown subscription"
    if recurring.state != RecurringGift.State.CANCELLED:
        recurring.state = RecurringGift.State.CANCELLED
        recurring.cancelled_at = recurring.cancelled_at or timezone.now()
        recurring.save()
    return f"monthly gift {recurring.pk} ended"


def _attempt_for_payment(payment_ref, charge_ref):
    if payment_ref:
        attempt = _locked_attempt(payment_ref=payment_ref)
        if attempt:
            return attempt
    if charge_ref:
        return _locked_attempt(charge_ref=charge_ref)
    return None


REFUND_ORDER = [Refund.State.REQUESTED, Refund.State.PENDING, Refund.State.SUCCEEDED]


def _refund_updated(outcome, site):
    refund = Refund.objects.filter(provider_ref=outcome.refund_ref).first()
    if refund is None:
        attempt = _attempt_for_payment(outcome.payment_ref, outcome.charge_ref)
        if attempt is None:
            return "refund of an unknown payment"
        refund = Refund.objects.filter(provider_ref=outcome.refund_ref).first()
        if refund is None:
            # Made at the provider, outside Rostra: recorded, and flagged as such.
            refund = Refund.objects.create(
                donation=attempt.donation,
                attempt=attempt,
                amount=outcome.amount,
                provider_ref=outcome.refund_ref,
                source=Refund.Source.PROVIDER,
                state=Refund.State.REQUESTED,
            )
    else:
        Donation.objects.select_for_update().filter(pk=refund.donation_id).first()
        refund.refresh_from_db()
    _move_refund(refund, outcome.state)
    refresh_status(refund.donation)
    return f"refund {refund.pk} → {refund.state}"


def _move_refund(refund, state):
    if refund.state in (Refund.State.SUCCEEDED, Refund.State.FAILED) or refund.state == state:
        return
    if state in REFUND_ORDER and REFUND_ORDER.index(state) < REFUND_ORDER.index(refund.state):
        return
    refund.state = state
    if state in (Refund.State.SUCCEEDED, Refund.State.FAILED):
        refund.completed_at = timezone.now()
    refund.save()


def _dispute_updated(outcome, site):
    attempt = _attempt_for_payment(outcome.payment_ref, outcome.charge_ref)
    if attempt is None:
        return "dispute on an unknown payment"
    dispute, _created = Dispute.objects.get_or_create(
        provider_ref=outcome.dispute_ref,
        defaults={"attempt": attempt, "amount": outcome.amount, "reason": outcome.reason},
    )
    if dispute.status == Dispute.Status.OPEN and outcome.status != Dispute.Status.OPEN:
        dispute.status = outcome.status
        dispute.closed_at = timezone.now()
        dispute.save()
        if outcome.status == Dispute.Status.LOST:
            # The money went back to the donor: the ledger records it as a refund.
            Refund.objects.get_or_create(
                provider_ref=f"dispute:{dispute.provider_ref}",
                defaults={
                    "donation": attempt.donation,
                    "attempt": attempt,
                    "amount": dispute.amount,
                    "source": Refund.Source.DISPUTE,
                    "state": Refund.State.SUCCEEDED,
                    "completed_at": timezone.now(),
                    "reason": dispute.reason,
                },
            )
    refresh_status(attempt.donation)
    return f"dispute {dispute.provider_ref} {dispute.status}"


_HANDLERS = {
    base.PaymentProcessing: _processing,
    base.PaymentSucceeded: _succeeded,
    base.PaymentFailed: _failed,
    base.SubscriptionStarted: _subscription_started,
    base.InvoicePaid: _invoice_paid,
    base.SubscriptionEnded: _subscription_ended,
    base.RefundUpdated: _refund_updated,
    base.DisputeUpdated: _dispute_updated,
}


def derive_status(donation):
    attempts = list(donation.attempts.all())
    states = {a.state for a in attempts}
    if State.PAID in states:
        refunded = sum(
            r.amount for r in donation.refunds.all() if r.state == Refund.State.SUCCEEDED
        )
        if refunded >= donation.amount:
            return DonationStatus.REFUNDED
        if Dispute.objects.filter(attempt__donation=donation, status=Dispute.Status.OPEN).exists():
            return DonationStatus.DISPUTED
        return DonationStatus.PAID
    if State.PROCESSING in states:
        return DonationStatus.PROCESSING
    if states & {State.CREATED, State.PENDING} or not states:
        return DonationStatus.PENDING
    if states == {State.CANCELLED}:
        return DonationStatus.CANCELLED
    return DonationStatus.FAILED


def refresh_status(donation):
    """Recompute the donation's status from its rows (call with the row locked)."""
    status = derive_status(donation)
    paid = donation.attempts.filter(state=State.PAID).order_by("paid_at").first()
    updates = {}
    if status != donation.status:
        updates["status"] = status
    if paid is not None:
        if donation.paid_at is None:
            updates["paid_at"] = paid.paid_at
        if not donation.method and paid.method:
            updates["method"] = paid.method
    was_refunded = donation.status == DonationStatus.REFUNDED
    for name, value in updates.items():
        setattr(donation, name, value)
    if updates:
        donation.save(update_fields=list(updates))
    if paid is not None and donation.confirmed_at is None:
        _confirm(donation)
    if status == DonationStatus.REFUNDED and not was_refunded and donation.confirmed_at:
        _refunded(donation)
    if donation.page_id:
        transaction.on_commit(lambda: _forget_raised(donation.page_id))
    return status


def _forget_raised(page_id):
    from django.core.cache import cache

    cache.delete(f"donations:raised:{page_id}")


def _confirm(donation):
    # Only the transaction that flips confirmed_at from NULL confirms the gift.
    count = Donation.objects.filter(pk=donation.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    if not count:
        return
    donation.refresh_from_db(fields=["confirmed_at"])
    people.add_to_timeline(
        donation.person,
        kind=TimelineEntry.Kind.GIFT,
        summary=f"Gave {donation.amount / 100:.2f} {donation.currency}",
        site=donation.site,
        data={"donation": donation.pk, "frequency": donation.frequency},
    )
    # The payment proves the details typed with the gift: now they reach the donor.
    people.confirm_details(
        donation.person,
        proof=people.Proof.PAYMENT,
        site=donation.site,
        source=people.Source(SourceKind.PAGE, f"donation {donation.pk}"),
        first_name=donation.first_name,
        last_name=donation.last_name,
        address_line1=donation.address_line1,
        address_line2=donation.address_line2,
        postcode=donation.postcode,
        commune=donation.town,
        country=donation.country if donation.country != "ZZ" else "",
        language=donation.language,
    )
    wording = (donation.attestations or {}).get("newsletter")
    if wording:  # ticked on the form; given once the payment proves the address is theirs
        people.record_consent(
            donation.person,
            purpose="newsletter",
            granted=True,
            wording=wording,
            where=Consent.Where.PAGE,
            where_detail=donation.page.url if donation.page_id else "",
            site=donation.site,
            ip_hash=donation.ip_hash,
            when=donation.created_at,
        )
    from rostra_donations import tasks

    pk = donation.pk
    transaction.on_commit(lambda: _after_confirmation(pk))
    # Stored with the confirmation: never a paid gift without its acknowledgement.
    with_commit(lambda: tasks.acknowledge.enqueue(donation_id=pk))


def _after_confirmation(pk):
    from rostra_donations import alerts

    donation = Donation.objects.select_related("site").get(pk=pk)
    signals.donation_confirmed.send(sender=Donation, site=donation.site, donation=donation)
    alerts.large_gift(donation)


def _refunded(donation):
    from rostra_donations.models import Acknowledgement

    Acknowledgement.objects.filter(donation=donation, voided_at__isnull=True).update(
        voided_at=timezone.now()
    )
    refund = donation.refunds.filter(state=Refund.State.SUCCEEDED).order_by("-pk").first()
    pk = donation.pk

    def send():
        gift = Donation.objects.select_related("site").get(pk=pk)
        signals.donation_refunded.send(
            sender=Donation, site=gift.site, donation=gift, refund=refund
        )

    transaction.on_commit(send)
