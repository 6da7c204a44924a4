"""Applying what providers report to the payment rows, and deriving each
donation's status from them.

Every change happens with the donation's row locked, inside the caller's
transaction (the webhook view stores the event id in that same transaction).
State only moves forward: an event that arrives late or twice changes nothing.
Confirmation is idempotent: ``confirmed_at`` is set once, and the
``donation_confirmed`` signal and the alert follow once, after commit; the
acknowledgement's task is queued in the transaction itself (it commits with
the confirmation, rostra.worker.queueing).

Each outcome is applied for one site: the one whose webhook secret verified
it (or whose donor came back from the payment page). Its references are
resolved among that site's rows only (references.py): one that names another
site's row is refused and logged; one that names nothing known yet is kept and
applied when its object appears (kept.py). Amounts are never taken on the
event's word: a checkout must total what the attempt asked for, a month of a
monthly gift must be an amount the donor agreed to, a refund or dispute cannot
exceed the payment.
"""

import logging
import re

from django.db import transaction
from django.utils import timezone

from rostra_donations import caps, kept, references
from rostra_donations.models import (
    Dispute,
    Donation,
    Frequency,
    PaymentAttempt,
    RecurringGift,
    Refund,
)
from rostra_donations.providers import base
from rostra_donations.status import derive_status, refresh_status

__all__ = ["FORWARD", "NotYet", "Refused", "advance", "apply", "derive_status", "refresh_status"]

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


class NotYet(Exception):
    """The object an outcome names is not in this site (yet)."""

    def __init__(self, kind, value):
        super().__init__(references.key(kind, value))
        self.key = references.key(kind, value)


class Refused(Exception):
    """The outcome contradicts what this site stored: nothing is changed."""


def apply(outcome, site, event=None):
    """Apply one provider outcome for ``site``; returns a short description of
    the effect. ``event``: the stored webhook event it came from, if any (an
    outcome that cannot apply yet is kept with it)."""
    handler = _HANDLERS.get(type(outcome))
    if handler is None:
        return "ignored"
    try:
        # A savepoint: a refused or kept outcome leaves no partial change.
        with transaction.atomic():
            foreign = references.elsewhere(outcome, site)
            if foreign:
                raise Refused(f"{foreign} belongs to another site")
            return handler(outcome, site)
    except NotYet as missing:
        if event is None:
            return f"{missing.key} unknown"
        kept.keep(site, event, outcome, missing.key)
        return f"kept until {missing.key} appears"
    except Refused as refusal:
        logger.warning(
            "Refused a %s for site %s (event %s): %s",
            type(outcome).__name__,
            site.pk,
            event.event_id if event else "-",
            refusal,
        )
        return f"refused: {refusal}"


def advance(attempt, state, **fields):
    if state != attempt.state and state not in FORWARD[attempt.state]:
        return False
    changed = state != attempt.state
    attempt.state = state
    for name, value in fields.items():
        current = getattr(attempt, name)
        # A provider reference, once known, stays: a later report cannot swap it.
        if not value or current == value or (name.endswith("_ref") and current):
            continue
        setattr(attempt, name, value)
        changed = True
    if state == State.PAID and attempt.paid_at is None:
        attempt.paid_at = fields.get("paid_at") or timezone.now()
    if changed:
        attempt.save()
    return changed


def _attempt(site, **lookup):
    """This site's attempt named so, its donation's row locked; None if the site has none."""
    found = PaymentAttempt.objects.filter(donation__site=site, **lookup).only("pk").first()
    if found is None:
        return None
    donation = Donation.objects.select_for_update().get(pk=found.donation_id)
    attempt = PaymentAttempt.objects.get(pk=found.pk)
    attempt.donation = donation
    return attempt


def _session_attempt(outcome, site):
    attempt = _attempt(site, session_ref=outcome.session_ref)
    if attempt is None:
        raise NotYet("session", outcome.session_ref)
    return attempt


def _same_money(amount, currency, expected, expected_currency, what):
    if amount is None or amount != expected or currency.lower() != expected_currency.lower():
        raise Refused(
            f"{what} is {amount} {currency or '?'}, "
            f"not the {expected} {expected_currency} stored for it"
        )


def _moved(attempt, site, state, **fields):
    """Advance the attempt, derive its gift's status, and release what waited for its payment."""
    had_payment = attempt.payment_ref
    moved = advance(attempt, state, **fields)
    refresh_status(attempt.donation)
    if attempt.payment_ref and not had_payment:
        kept.appeared(site, "payment", attempt.payment_ref)
    return f"attempt {attempt.pk} → {attempt.state}" if moved else "no change"


def _processing(outcome, site):
    attempt = _session_attempt(outcome, site)
    _same_money(
        outcome.amount, outcome.currency, attempt.amount, attempt.donation.currency, "the checkout"
    )
    return _moved(
        attempt, site, State.PROCESSING, payment_ref=outcome.payment_ref, method=outcome.method
    )


def _succeeded(outcome, site):
    attempt = _session_attempt(outcome, site)
    _same_money(
        outcome.amount, outcome.currency, attempt.amount, attempt.donation.currency, "the checkout"
    )
    return _moved(
        attempt,
        site,
        State.PAID,
        payment_ref=outcome.payment_ref,
        method=outcome.method,
        paid_at=outcome.paid_at,
    )


def _failed(outcome, site):
    attempt = _session_attempt(outcome, site)
    state = State.CANCELLED if outcome.expired else State.FAILED
    return _moved(attempt, site, state, failure_reason=outcome.reason)


def _subscription_started(outcome, site):
    attempt = _session_attempt(outcome, site)
    if attempt.donation.recurring_id is None:
        raise Refused("this checkout is not a monthly gift's")
    if not outcome.subscription_ref:
        return "no subscription yet"
    recurring = RecurringGift.objects.select_for_update().get(pk=attempt.donation.recurring_id)
    if recurring.subscription_ref not in ("", outcome.subscription_ref):
        raise Refused(f"monthly gift {recurring.pk} has another subscription")
    taken = RecurringGift.objects.filter(site=site, subscription_ref=outcome.subscription_ref)
    if taken.exclude(pk=recurring.pk).exists():
        raise Refused("the subscription is another monthly gift's")
    linked = not recurring.subscription_ref
    recurring.subscription_ref = outcome.subscription_ref
    recurring.customer_ref = recurring.customer_ref or outcome.customer_ref
    if recurring.state == RecurringGift.State.PENDING:
        recurring.state = RecurringGift.State.ACTIVE
    recurring.save()
    if linked:
        kept.appeared(site, "subscription", recurring.subscription_ref)
    return f"monthly gift {recurring.pk} active"


def _invoice_paid(outcome, site):
    found = (
        RecurringGift.objects.filter(site=site, subscription_ref=outcome.subscription_ref)
        .order_by("pk")
        .first()
    )
    if found is None:
        # Its checkout is not complete yet (invoice.paid often comes first).
        raise NotYet("subscription", outcome.subscription_ref)
    first = found.first_donation()
    # Rows locked in the order every handler takes them: the gift, then its monthly gift.
    Donation.objects.select_for_update().filter(pk=first.pk).first()
    recurring = RecurringGift.objects.select_for_update().get(pk=found.pk)
    if recurring.state == RecurringGift.State.PENDING:
        recurring.state = RecurringGift.State.ACTIVE
        recurring.save(update_fields=["state"])
    if PaymentAttempt.objects.filter(donation__site=site, invoice_ref=outcome.invoice_ref).exists():
        return "invoice already recorded"
    first_attempt = first.attempts.order_by("pk").first()
    if outcome.first and first_attempt is not None and not first_attempt.invoice_ref:
        # The first invoice pays the gift started on the donation page.
        first_attempt = _attempt(site, pk=first_attempt.pk)
        _same_money(
            outcome.amount, outcome.currency, first_attempt.amount, first.currency, "the invoice"
        )
        first_attempt.invoice_ref = outcome.invoice_ref
        effect = _moved(
            first_attempt,
            site,
            State.PAID,
            payment_ref=outcome.payment_ref,
            paid_at=outcome.paid_at,
        )
        first_attempt.save()
        return f"first month of monthly gift {recurring.pk} paid ({effect})"
    agreed = {recurring.amount, *recurring.donations.values_list("amount", flat=True)}
    if outcome.amount not in agreed or outcome.currency.lower() != recurring.currency.lower():
        raise Refused(
            f"the invoice is {outcome.amount} {outcome.currency or '?'}, an amount monthly "
            f"gift {recurring.pk} never had"
        )
    donation = _next_instalment(recurring, first, outcome)
    if outcome.payment_ref:
        kept.appeared(site, "payment", outcome.payment_ref)
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
            *Donation.DONOR_FIELDS,
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
    recurring = (
        RecurringGift.objects.select_for_update()
        .filter(site=site, subscription_ref=outcome.subscription_ref)
        .first()
    )
    if recurring is None:
        # Ended before its checkout completed here: ended once it does.
        raise NotYet("subscription", outcome.subscription_ref)
    if recurring.state != RecurringGift.State.CANCELLED:
        recurring.state = RecurringGift.State.CANCELLED
        recurring.cancelled_at = recurring.cancelled_at or timezone.now()
        recurring.save()
    return f"monthly gift {recurring.pk} ended"


def _attempt_for_payment(site, payment_ref, charge_ref):
    for kind, value in (("payment", payment_ref), ("charge", charge_ref)):
        attempt = _attempt(site, **{f"{kind}_ref": value}) if value else None
        if attempt is not None:
            return attempt
    if payment_ref:
        raise NotYet("payment", payment_ref)
    if charge_ref:
        raise NotYet("charge", charge_ref)
    raise Refused("it names no payment")


def _within_payment(amount, attempt, what):
    if amount > attempt.amount:
        raise Refused(f"{what} of {amount} is more than the {attempt.amount} paid")


REFUND_ORDER = [Refund.State.REQUESTED, Refund.State.PENDING, Refund.State.SUCCEEDED]
_ROW_ID = re.compile(r"[0-9]{1,18}\Z")


def _refund_updated(outcome, site):
    refund = Refund.objects.filter(donation__site=site, provider_ref=outcome.refund_ref).first()
    if refund is None:
        attempt = _attempt_for_payment(site, outcome.payment_ref, outcome.charge_ref)
        _within_payment(outcome.amount, attempt, "the refund")
        refund = Refund.objects.filter(provider_ref=outcome.refund_ref).first()
        if refund is None:
            refund = _claim_requested(attempt, outcome) or Refund.objects.create(
                # Made at the provider, outside Rostra: recorded, and flagged as such.
                donation=attempt.donation,
                attempt=attempt,
                amount=outcome.amount,
                provider_ref=outcome.refund_ref,
                source=Refund.Source.PROVIDER,
                state=Refund.State.REQUESTED,
            )
        donation = attempt.donation
    else:
        donation = Donation.objects.select_for_update().get(pk=refund.donation_id)
        refund.refresh_from_db()
    _move_refund(refund, outcome.state)
    refresh_status(donation)
    return f"refund {refund.pk} → {refund.state}"


def _claim_requested(attempt, outcome):
    """A refund a treasurer asked for in Rostra, reported before Rostra heard
    back from the provider: it is that row, not a second refund."""
    waiting = attempt.refunds.filter(
        provider_ref__isnull=True,
        source=Refund.Source.TREASURER,
        amount=outcome.amount,
        state__in=[Refund.State.REQUESTED, Refund.State.PENDING],
    ).order_by("pk")
    named = (
        waiting.filter(pk=int(outcome.requested_as)).first()
        if _ROW_ID.match(outcome.requested_as)
        else None
    )
    claimed = named or waiting.first()
    if claimed is not None:
        claimed.provider_ref = outcome.refund_ref
        claimed.save(update_fields=["provider_ref"])
    return claimed


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
    dispute = Dispute.objects.filter(
        attempt__donation__site=site, provider_ref=outcome.dispute_ref
    ).first()
    if dispute is not None:
        attempt = _attempt(site, pk=dispute.attempt_id)
    else:
        attempt = _attempt_for_payment(site, outcome.payment_ref, outcome.charge_ref)
        _within_payment(outcome.amount, attempt, "the dispute")
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
