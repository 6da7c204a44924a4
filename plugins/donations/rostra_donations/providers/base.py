"""The provider interface: a handful of methods, and typed outcomes.

Providers never touch the database: they talk to the payment service and
translate what it says into the outcomes below, which rostra_donations.ledger
applies to the attempt and refund rows.
"""

from dataclasses import dataclass, field
from datetime import datetime


class ProviderError(Exception):
    """The payment service refused or could not be reached; nothing was charged."""


class InvalidWebhook(Exception):
    """Bad signature, stale timestamp or unreadable body: answer 400, store nothing."""


class MalformedEvent(InvalidWebhook):
    """Signed, but not an event of the shape the provider sends: answer 400, store nothing."""


@dataclass(frozen=True)
class Checkout:
    redirect_url: str
    session_ref: str


@dataclass(frozen=True)
class Event:
    """A verified webhook event."""

    id: str
    type: str
    outcomes: list = field(default_factory=list)


# Outcomes: what a provider reports, by the references it gives (a checkout
# session, a payment, a subscription…). The ledger resolves each reference only
# within the site whose secret verified the report; amounts are checked against
# what was stored for that site's own attempt.


@dataclass(frozen=True)
class PaymentProcessing:
    session_ref: str
    payment_ref: str = ""
    method: str = ""
    amount: int | None = None  # cents; the checkout's total, checked against the attempt
    currency: str = ""


@dataclass(frozen=True)
class PaymentSucceeded:
    session_ref: str
    payment_ref: str = ""
    method: str = ""
    paid_at: datetime | None = None
    amount: int | None = None
    currency: str = ""


@dataclass(frozen=True)
class PaymentFailed:
    session_ref: str
    reason: str = ""
    expired: bool = False


@dataclass(frozen=True)
class SubscriptionStarted:
    session_ref: str
    subscription_ref: str
    customer_ref: str = ""


@dataclass(frozen=True)
class InvoicePaid:
    subscription_ref: str
    invoice_ref: str
    amount: int
    first: bool
    payment_ref: str = ""
    method: str = ""
    paid_at: datetime | None = None
    currency: str = ""


@dataclass(frozen=True)
class SubscriptionEnded:
    subscription_ref: str


@dataclass(frozen=True)
class RefundUpdated:
    refund_ref: str
    payment_ref: str
    charge_ref: str
    amount: int
    state: str  # Refund.State value
    # The Refund row a treasurer asked for in Rostra (our own metadata), if any.
    requested_as: str = ""


@dataclass(frozen=True)
class DisputeUpdated:
    dispute_ref: str
    payment_ref: str
    charge_ref: str
    amount: int
    status: str  # Dispute.Status value
    reason: str = ""


OUTCOMES = (
    PaymentProcessing,
    PaymentSucceeded,
    PaymentFailed,
    SubscriptionStarted,
    InvoicePaid,
    SubscriptionEnded,
    RefundUpdated,
    DisputeUpdated,
)


@dataclass(frozen=True)
class Payout:
    ref: str
    amount: int
    arrival: datetime
    status: str


@dataclass(frozen=True)
class SettledPayment:
    """A line of the provider's balance: a payment or a refund it counts."""

    ref: str
    kind: str  # "payment" or "refund"
    amount: int  # gross, cents
    fee: int
    payment_ref: str
    created: datetime


class PaymentProvider:
    code = ""
    label = ""
    online = True
    test_mode = False
    # Origins of the hosted payment page the donor is redirected to after posting
    # the donation form: the page's CSP form-action must name them.
    form_targets = ()

    def start(self, attempt, *, success_url, cancel_url):  # -> Checkout
        raise NotImplementedError  # abstract

    def handle_return(self, attempt):  # -> list of outcomes
        return []

    def close(self, attempt):  # -> list of outcomes
        """Make sure the attempt's checkout can no longer be paid; how it stands."""
        return []

    def parse_webhook(self, body, headers):  # -> Event
        raise InvalidWebhook("this provider takes no webhooks")

    def refund(self, refund, attempt):  # -> RefundUpdated
        raise NotImplementedError  # abstract

    def cancel_recurring(self, recurring):
        raise NotImplementedError  # abstract

    def change_recurring(self, recurring, amount):
        raise NotImplementedError  # abstract

    def manage_url(self, recurring, return_url):
        """A page of the provider where the donor manages their monthly gift, if any."""
        return ""

    def balance(self, start, end):  # -> (list of Payout, list of SettledPayment)
        return [], []
