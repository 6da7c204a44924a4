"""Reading a Stripe event, once its signature is verified, into outcomes.

Signed is not well formed: whoever holds a site's webhook secret can sign any
JSON. Every field is read with the type Stripe gives it (ids, cents, times,
objects, lists); anything else makes the event malformed, answered 400 and
stored nowhere. Events of types the ledger has no use for are not read
further. Nothing here trusts a field to name a site or an amount: the ledger
resolves references within the verifying site and checks amounts against what
it stored.
"""

import json
import re
from datetime import UTC, datetime

from rostra_donations.providers import base
from rostra_donations.providers.base import MalformedEvent

SESSION_EVENTS = (
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
)
REFUND_EVENTS = ("refund.created", "refund.updated", "charge.refund.updated", "refund.failed")
DISPUTE_EVENTS = (
    "charge.dispute.created",
    "charge.dispute.updated",
    "charge.dispute.closed",
    "charge.dispute.funds_withdrawn",
    "charge.dispute.funds_reinstated",
)
# Every event type the ledger acts on; any other is stored as "ignored".
HANDLED = (
    *SESSION_EVENTS,
    "invoice.paid",
    "customer.subscription.deleted",
    *REFUND_EVENTS,
    "charge.refunded",
    *DISPUTE_EVENTS,
)

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,254}\Z")
_TYPE = re.compile(r"[a-z][a-z0-9_.]{0,99}\Z")
MAX_CENTS = 2**31 - 1  # what an amount column holds; far above any gift
_LATEST = 2**36  # seconds: year 4147, beyond any real timestamp


class StripeObject:
    """One object of a signed event, read field by field."""

    def __init__(self, data, where):
        if not isinstance(data, dict):
            raise MalformedEvent(f"{where} is not an object")
        self.data = data
        self.where = where

    def _bad(self, key, what):
        return MalformedEvent(f"{self.where}.{key} is not {what}")

    def ref(self, key, *, required=False):
        """An id, whether Stripe sent the id or the expanded object."""
        value = self.data.get(key)
        if isinstance(value, dict):
            value = value.get("id")
        if value is None or value == "":
            if required:
                raise self._bad(key, "given")
            return ""
        if isinstance(value, str) and _ID.match(value):
            return value
        raise self._bad(key, "an id")

    def text(self, key, limit=255):
        value = self.data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self._bad(key, "text")
        return value.replace("\x00", "")[:limit]

    def cents(self, key):
        """An amount in cents, or None when the object gives none."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CENTS:
            raise self._bad(key, "an amount in cents")
        return value

    def when(self, key):
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < _LATEST:
            raise self._bad(key, "a time")
        return datetime.fromtimestamp(value, tz=UTC) if value else None

    def child(self, key):
        value = self.data.get(key)
        return StripeObject({} if value is None else value, f"{self.where}.{key}")

    def items(self, key):
        """The objects of a Stripe list (``{"object": "list", "data": [...]}``)."""
        listed = self.child(key).data.get("data")
        if listed is None:
            return []
        if not isinstance(listed, list):
            raise self._bad(key, "a list")
        return [StripeObject(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(listed)]


def read_event(text):
    """The verified body → base.Event, or MalformedEvent."""
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise MalformedEvent(f"not JSON: {error}") from None
    if not isinstance(payload, dict):
        raise MalformedEvent("not an event")
    event_id, kind = payload.get("id"), payload.get("type")
    if not isinstance(event_id, str) or not _ID.match(event_id):
        raise MalformedEvent("the event has no valid id")
    if not isinstance(kind, str) or not _TYPE.match(kind):
        raise MalformedEvent("the event has no valid type")
    if kind not in HANDLED:
        return base.Event(id=event_id, type=kind, outcomes=[])
    data = StripeObject(payload.get("data"), "data")
    if not isinstance(data.data.get("object"), dict):
        raise MalformedEvent("data.object is not an object")
    return base.Event(id=event_id, type=kind, outcomes=outcomes(kind, data.child("object")))


def outcomes(kind, obj):
    if kind in SESSION_EVENTS:
        return session_outcomes(obj, kind)
    if kind == "invoice.paid":
        return invoice_outcomes(obj)
    if kind == "customer.subscription.deleted":
        return [base.SubscriptionEnded(subscription_ref=obj.ref("id", required=True))]
    if kind in REFUND_EVENTS:
        return [refund_outcome(obj)]
    if kind == "charge.refunded":
        return [refund_outcome(refund) for refund in obj.items("refunds")]
    if kind in DISPUTE_EVENTS:
        return [dispute_outcome(obj)]
    return []


def session_outcomes(session, kind):
    """A checkout session (an event's, or one asked of Stripe) → outcomes."""
    if not isinstance(session, StripeObject):
        session = StripeObject(session, "session")
    ref = session.ref("id", required=True)
    if kind == "checkout.session.expired":
        return [base.PaymentFailed(ref, reason="expired", expired=True)]
    if kind == "checkout.session.async_payment_failed":
        return [base.PaymentFailed(ref, reason="async_payment_failed")]
    payment_ref = session.ref("payment_intent")
    total = {"amount": session.cents("amount_total"), "currency": session.text("currency", 3)}
    if kind == "checkout.session.async_payment_succeeded":
        return [base.PaymentSucceeded(ref, payment_ref, method="sepa_debit", **total)]
    if kind != "checkout.session.completed" or session.text("status") != "complete":
        return []
    if session.text("mode") == "subscription":
        # Paid only on invoice.paid, card or SEPA alike.
        return [
            base.SubscriptionStarted(ref, session.ref("subscription"), session.ref("customer")),
            base.PaymentProcessing(ref, **total),
        ]
    if session.text("payment_status") == "paid":
        return [base.PaymentSucceeded(ref, payment_ref, method="card", **total)]
    # Completed but unpaid: a SEPA debit on its way (days).
    return [base.PaymentProcessing(ref, payment_ref, method="sepa_debit", **total)]


def invoice_outcomes(invoice):
    details = invoice.child("parent").child("subscription_details")
    subscription = details.ref("subscription") or invoice.ref("subscription")
    if not subscription:
        return []  # not a subscription's invoice: none of ours
    payment_ref = ""
    for payment in invoice.items("payments"):
        payment_ref = payment.child("payment").ref("payment_intent") or payment_ref
    return [
        base.InvoicePaid(
            subscription_ref=subscription,
            invoice_ref=invoice.ref("id", required=True),
            amount=invoice.cents("amount_paid") or 0,
            first=invoice.text("billing_reason") == "subscription_create",
            payment_ref=payment_ref,
            paid_at=invoice.child("status_transitions").when("paid_at"),
            currency=invoice.text("currency", 3),
        )
    ]


REFUND_STATES = {"succeeded": "succeeded", "pending": "pending", "requires_action": "pending"}


def refund_outcome(refund):
    if not isinstance(refund, StripeObject):
        refund = StripeObject(refund, "refund")
    return base.RefundUpdated(
        refund_ref=refund.ref("id", required=True),
        payment_ref=refund.ref("payment_intent"),
        charge_ref=refund.ref("charge"),
        amount=refund.cents("amount") or 0,
        state=REFUND_STATES.get(refund.text("status"), "failed"),
        requested_as=refund.child("metadata").text("refund", 20),
    )


def dispute_outcome(dispute):
    status = dispute.text("status")
    if status == "lost":
        outcome = "lost"
    elif status in ("won", "warning_closed"):
        outcome = "won"
    else:
        outcome = "open"
    return base.DisputeUpdated(
        dispute_ref=dispute.ref("id", required=True),
        payment_ref=dispute.ref("payment_intent"),
        charge_ref=dispute.ref("charge"),
        amount=dispute.cents("amount") or 0,
        status=outcome,
        reason=dispute.text("reason", 100),
    )
