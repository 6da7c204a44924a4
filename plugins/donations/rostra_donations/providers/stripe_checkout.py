"""Stripe: Checkout Sessions through StripeClient (no global state).

One-off gifts use mode=payment, monthly gifts mode=subscription; card and
SEPA Direct Debit. A SEPA payment is paid only on
checkout.session.async_payment_succeeded (one-off) or invoice.paid (monthly),
never on checkout.session.completed alone. The client is built per site: each
financial agent has their own account.
"""

from datetime import UTC, datetime

import stripe

from rostra_donations import conf
from rostra_donations.providers import base, stripe_events

PAYMENT_METHODS = ["card", "sepa_debit"]
CHECKOUT_ORIGIN = "https://checkout.stripe.com"


def _when(timestamp):
    return datetime.fromtimestamp(timestamp, tz=UTC) if timestamp else None


def _ref(value):
    """An id, whether Stripe sent the id or the expanded object."""
    if isinstance(value, dict):
        return value.get("id", "")
    return value or ""


class StripeProvider(base.PaymentProvider):
    code = "stripe"
    label = "Stripe"

    def __init__(self, client, webhook_secret, *, stand_in=None):
        self.client = client
        self.webhook_secret = webhook_secret
        # The local test mode's transport, standing in for Stripe (None with real Stripe).
        self.stand_in = stand_in
        self.test_mode = stand_in is not None
        # Stripe's hosted Checkout page; the test mode's stand-in is on the site itself.
        self.form_targets = () if self.test_mode else (CHECKOUT_ORIGIN,)

    # Starting a payment --------------------------------------------------

    def start(self, attempt, *, success_url, cancel_url):
        donation = attempt.donation
        metadata = {"attempt": str(attempt.pk), "donation": str(donation.pk)}
        product = {"name": donation.page.title if donation.page else "Don"}
        params = {
            "success_url": success_url,
            "cancel_url": cancel_url,
            "client_reference_id": str(donation.token),
            "customer_email": donation.email,
            "locale": donation.language if donation.language in ("fr", "en") else "auto",
            "payment_method_types": PAYMENT_METHODS,
            "metadata": metadata,
            # Stripe's shortest expiry: an abandoned gift stops holding the cap soon.
            "expires_at": int(attempt.created_at.timestamp())
            + max(1800, conf.get("DONATIONS_PENDING_HOLD_HOURS") * 3600 - 600),
        }
        if donation.recurring_id:
            params.update(
                mode="subscription",
                line_items=[
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": donation.currency.lower(),
                            "unit_amount": donation.amount,
                            "recurring": {"interval": "month"},
                            "product_data": product,
                        },
                    }
                ],
                subscription_data={
                    "metadata": {**metadata, "recurring": str(donation.recurring_id)}
                },
            )
        else:
            params.update(
                mode="payment",
                submit_type="donate",
                line_items=[
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": donation.currency.lower(),
                            "unit_amount": donation.amount,
                            "product_data": product,
                        },
                    }
                ],
                payment_intent_data={"metadata": metadata},
            )
        try:
            session = self.client.v1.checkout.sessions.create(
                params, options={"idempotency_key": f"rostra-attempt-{attempt.pk}"}
            )
        except stripe.StripeError as error:
            raise base.ProviderError(str(error)) from error
        return base.Checkout(redirect_url=session.url, session_ref=session.id)

    def handle_return(self, attempt):
        """The donor came back: ask Stripe how the session stands (webhooks may lag)."""
        if not attempt.session_ref:
            return []
        try:
            session = self.client.v1.checkout.sessions.retrieve(attempt.session_ref)
            return stripe_events.session_outcomes(session.to_dict(), "checkout.session.completed")
        except (stripe.StripeError, base.MalformedEvent):
            return []

    def close(self, attempt):
        """Make sure this attempt's checkout can no longer be paid: expire it,
        or learn that it was paid (or a debit is on its way) before we could."""
        if not attempt.session_ref:
            return []
        try:
            session = self.client.v1.checkout.sessions.expire(attempt.session_ref)
        except stripe.StripeError:
            # Only an open session expires: this one was completed, or expired already.
            try:
                session = self.client.v1.checkout.sessions.retrieve(attempt.session_ref)
            except stripe.StripeError as error:
                raise base.ProviderError(str(error)) from error
        data = session.to_dict()
        if data.get("status") == "expired":
            return stripe_events.session_outcomes(data, "checkout.session.expired")
        try:
            return stripe_events.session_outcomes(data, "checkout.session.completed")
        except base.MalformedEvent as error:
            raise base.ProviderError(str(error)) from error

    # Webhooks ------------------------------------------------------------

    def parse_webhook(self, body, headers):
        signature = headers.get("Stripe-Signature", "")
        if not self.webhook_secret or not signature:
            raise base.InvalidWebhook("missing signature or secret")
        try:
            text = body.decode("utf-8")
            stripe.WebhookSignature.verify_header(
                text, signature, self.webhook_secret, conf.get("DONATIONS_WEBHOOK_TOLERANCE")
            )
        except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as error:
            raise base.InvalidWebhook(str(error)) from error
        return stripe_events.read_event(text)

    # Treasurer and donor actions ----------------------------------------

    def payment_intent_of(self, attempt):
        """The payment intent to refund: a one-off's, or a monthly invoice's."""
        if attempt.payment_ref.startswith("pi_"):
            return attempt.payment_ref
        if attempt.invoice_ref:
            payments = self.client.v1.invoice_payments.list({"invoice": attempt.invoice_ref})
            for payment in payments.data:
                intent = getattr(payment.payment, "payment_intent", None)
                if intent:
                    return _ref(intent)
        raise base.ProviderError("no payment intent is known for this payment")

    def refund(self, refund, attempt):
        try:
            result = self.client.v1.refunds.create(
                {
                    "payment_intent": self.payment_intent_of(attempt),
                    "amount": refund.amount,
                    "metadata": {"refund": str(refund.pk)},
                },
                options={"idempotency_key": f"rostra-refund-{refund.pk}"},
            )
        except stripe.StripeError as error:
            raise base.ProviderError(str(error)) from error
        try:
            return stripe_events.refund_outcome(result.to_dict())
        except base.MalformedEvent as error:
            raise base.ProviderError(str(error)) from error

    def cancel_recurring(self, recurring):
        try:
            self.client.v1.subscriptions.cancel(recurring.subscription_ref)
        except stripe.StripeError as error:
            raise base.ProviderError(str(error)) from error

    def change_recurring(self, recurring, amount):
        try:
            subscription = self.client.v1.subscriptions.retrieve(recurring.subscription_ref)
            item = subscription["items"].data[0]
            self.client.v1.subscriptions.update(
                recurring.subscription_ref,
                {
                    "items": [
                        {
                            "id": item.id,
                            "price_data": {
                                "currency": recurring.currency.lower(),
                                "unit_amount": amount,
                                "recurring": {"interval": "month"},
                                "product": item.price.product,
                            },
                        }
                    ],
                    "proration_behavior": "none",
                },
            )
        except stripe.StripeError as error:
            raise base.ProviderError(str(error)) from error

    def manage_url(self, recurring, return_url):
        if self.test_mode or not recurring.customer_ref:
            return ""
        try:
            portal = self.client.v1.billing_portal.sessions.create(
                {"customer": recurring.customer_ref, "return_url": return_url}
            )
        except stripe.StripeError:
            return ""
        return portal.url

    def balance(self, start, end):
        window = {"gte": int(start.timestamp()), "lt": int(end.timestamp())}
        try:
            payouts = self.client.v1.payouts.list({"arrival_date": window, "limit": 100})
            lines = self.client.v1.balance_transactions.list(
                {"created": window, "limit": 100, "expand": ["data.source"]}
            )
            payout_rows = [
                base.Payout(p.id, p.amount, _when(p.arrival_date), p.status)
                for p in payouts.auto_paging_iter()
            ]
            settled = []
            for line in lines.auto_paging_iter():
                if line.type in ("charge", "payment"):
                    kind = "payment"
                elif line.type in ("refund", "payment_refund"):
                    kind = "refund"
                else:
                    continue
                # The expanded charge or refund names the payment intent the ledger knows.
                source = line.source
                intent = getattr(source, "payment_intent", None) if source else None
                settled.append(
                    base.SettledPayment(
                        ref=line.id,
                        kind=kind,
                        amount=abs(line.amount),
                        fee=line.fee,
                        payment_ref=_ref(intent) or getattr(source, "id", "") or "",
                        created=_when(line.created),
                    )
                )
        except stripe.StripeError as error:
            raise base.ProviderError(str(error)) from error
        return payout_rows, settled
