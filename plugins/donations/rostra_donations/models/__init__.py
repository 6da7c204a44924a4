from rostra_donations.models.acknowledgements import Acknowledgement, AcknowledgementCounter
from rostra_donations.models.blueprint import DonationBlueprint
from rostra_donations.models.events import KeptOutcome, WebhookEvent
from rostra_donations.models.gifts import (
    COUNTING_STATUSES,
    Dispute,
    Donation,
    DonationStatus,
    Frequency,
    Method,
    PaymentAttempt,
    RecipientKind,
    RecurringGift,
    Refund,
    TreasurerLog,
    format_cents,
)
from rostra_donations.models.local_stripe import LocalStripeObject
from rostra_donations.models.page import DonationPage
from rostra_donations.models.settings import PaymentSettings
from rostra_donations.models.tracking import SourceVisit

__all__ = [
    "COUNTING_STATUSES",
    "Acknowledgement",
    "AcknowledgementCounter",
    "Dispute",
    "DonationBlueprint",
    "Donation",
    "DonationPage",
    "DonationStatus",
    "Frequency",
    "KeptOutcome",
    "LocalStripeObject",
    "Method",
    "PaymentAttempt",
    "PaymentSettings",
    "RecipientKind",
    "RecurringGift",
    "Refund",
    "SourceVisit",
    "TreasurerLog",
    "WebhookEvent",
    "format_cents",
]
