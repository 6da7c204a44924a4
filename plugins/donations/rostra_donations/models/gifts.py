"""Gifts and the payment rows they are made of.

Following pretix: a donation is what the donor gave; each payment attempt and
each refund is its own row with its own state, and the donation's status is
derived from those rows (ledger.refresh_status), never set by a provider.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecipientKind(models.TextChoices):
    PARTY = "party", _("Party (per calendar year)")
    CANDIDATE = "candidate", _("Candidate (per election)")


class Frequency(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    MONTHLY = "monthly", _("Monthly")


class Method(models.TextChoices):
    CARD = "card", _("Card")
    SEPA_DEBIT = "sepa_debit", _("SEPA Direct Debit")
    CHEQUE = "cheque", _("Cheque")
    TRANSFER = "transfer", _("Bank transfer")
    UNKNOWN = "", _("Not known yet")


class DonationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting payment")
    PROCESSING = "processing", _("Payment processing")
    PAID = "paid", _("Paid")
    DISPUTED = "disputed", _("Disputed")
    REFUNDED = "refunded", _("Refunded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Abandoned")


# Statuses that count towards a donor's cap. Pending gifts count only while
# their checkout can still be paid (see caps.py).
COUNTING_STATUSES = (
    DonationStatus.PENDING,
    DonationStatus.PROCESSING,
    DonationStatus.PAID,
    DonationStatus.DISPUTED,
)


class RecurringGift(models.Model):
    """A monthly commitment; each month's payment is a Donation of its own."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class State(models.TextChoices):
        PENDING = "pending", _("Being set up")
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", _("Cancelled")

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="recurring_gifts"
    )
    amount = models.PositiveIntegerField(_("monthly amount (cents)"))
    currency = models.CharField(max_length=3, default="EUR")
    provider = models.CharField(_("provider"), max_length=20)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    subscription_ref = models.CharField(max_length=255, blank=True, db_index=True)
    customer_ref = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("monthly gift")
        verbose_name_plural = _("monthly gifts")

    def __str__(self):
        return _("%(amount)s € a month") % {"amount": format_cents(self.amount)}

    def first_donation(self):
        return self.donations.order_by("created_at", "pk").first()


class Donation(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Kind(models.TextChoices):
        GIFT = "gift", _("Gift")
        DUES = "dues", _("Membership dues")

    # The donor as they gave themselves on the form, for the receipt.
    DONOR_FIELDS = (
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
        "elected_office",
    )

    # Names the gift in the donor's return URL without revealing how many there are.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The donation form's own key, sent again if the donor posts the same form
    # twice (back button, retry): a gift already paid is then shown, not paid again.
    checkout_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.PROTECT, related_name="+")
    page = models.ForeignKey(
        "donations.DonationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="donations",
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="donations")
    recurring = models.ForeignKey(
        RecurringGift, null=True, blank=True, on_delete=models.PROTECT, related_name="donations"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.GIFT)
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=Frequency.choices, default=Frequency.ONE_OFF
    )
    amount = models.PositiveIntegerField(_("amount (cents)"))
    currency = models.CharField(max_length=3, default="EUR")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DonationStatus.choices,
        default=DonationStatus.PENDING,
        db_index=True,
    )
    method = models.CharField(_("method"), max_length=12, choices=Method.choices, blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=120, blank=True)

    # Which rule applied, frozen at the time of the gift.
    jurisdiction = models.CharField(_("jurisdiction"), max_length=16, default="fr")
    recipient_kind = models.CharField(
        _("recipient"), max_length=10, choices=RecipientKind.choices, default=RecipientKind.PARTY
    )
    election = models.CharField(_("election"), max_length=120, blank=True)
    # Dues paid by elected officials do not count towards the party cap.
    outside_cap = models.BooleanField(_("not counted towards the cap"), default=False)

    # What the receipt needs, as the donor gave it (people records may change later):
    # DONOR_FIELDS, the one list the ledger's export and each month of a monthly
    # gift (ledger._next_instalment) take them from.
    civility = models.CharField(_("civility"), max_length=8, blank=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    address_line1 = models.CharField(_("address"), max_length=200)
    address_line2 = models.CharField(_("address (continued)"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=16)
    town = models.CharField(_("town"), max_length=150)
    country = models.CharField(_("country"), max_length=2, default="FR")
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    french_resident = models.BooleanField(_("resides in France"), default=False)
    elected_office = models.CharField(_("elected office"), max_length=120, blank=True)
    # Normalised name and postcode: a second email address does not make a second donor.
    donor_key = models.CharField(max_length=255, db_index=True, editable=False)
    attestations = models.JSONField(_("attestations"), default=dict, blank=True)
    language = models.CharField(max_length=8, default="fr")

    refcode = models.CharField(_("refcode"), max_length=100, blank=True, db_index=True)
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    utm_content = models.CharField(max_length=100, blank=True)
    utm_term = models.CharField(max_length=100, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)

    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The last change of what the API shows of the gift (its status: paid,
    # refunded, disputed): OSDI's modified_date, which tools filter on.
    updated_at = models.DateTimeField(_("modified"), auto_now=True, db_index=True)
    over_cap = models.BooleanField(
        _("over the cap"),
        default=False,
        help_text=_("Money received above the donor's cap: it must be refunded."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Erasure keeps what accounts and receipts need, under a legal obligation.
    legal_hold_until = models.DateField(
        _("kept under legal obligation until"), null=True, blank=True
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("treasurer", _("Act as treasurer: ledger, exports, offline gifts, refunds")),
        ]
        indexes = [models.Index(fields=["site", "status", "paid_at"])]

    def __str__(self):
        return f"{format_cents(self.amount)} € — {self.donor_name}"

    @property
    def donor_name(self):
        return " ".join(p for p in (self.first_name, self.last_name) if p) or str(self.person)

    @property
    def amount_display(self):
        return format_cents(self.amount)

    @property
    def refunded_amount(self):
        return sum(r.amount for r in self.refunds.all() if r.state == Refund.State.SUCCEEDED)


class PaymentAttempt(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class State(models.TextChoices):
        CREATED = "created", _("Created")
        PENDING = "pending", _("Awaiting the donor")
        PROCESSING = "processing", _("Processing (direct debit)")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    donation = models.ForeignKey(Donation, on_delete=models.CASCADE, related_name="attempts")
    provider = models.CharField(_("provider"), max_length=20)
    state = models.CharField(max_length=12, choices=State.choices, default=State.CREATED)
    amount = models.PositiveIntegerField()
    method = models.CharField(max_length=12, choices=Method.choices, blank=True)
    # Checkout session, payment intent or invoice, charge: whatever the provider names it.
    session_ref = models.CharField(max_length=255, blank=True, db_index=True)
    payment_ref = models.CharField(max_length=255, blank=True, db_index=True)
    charge_ref = models.CharField(max_length=255, blank=True, db_index=True)
    invoice_ref = models.CharField(max_length=255, blank=True, db_index=True)
    failure_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("payment attempt")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.provider} {self.session_ref or self.pk}: {self.get_state_display()}"


class Refund(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        PENDING = "pending", _("Pending at the provider")
        SUCCEEDED = "succeeded", _("Refunded")
        FAILED = "failed", _("Failed")

    class Source(models.TextChoices):
        TREASURER = "treasurer", _("Treasurer, in Rostra")
        PROVIDER = "provider", _("At the provider, outside Rostra")
        DISPUTE = "dispute", _("Lost dispute or reversed debit")

    donation = models.ForeignKey(Donation, on_delete=models.CASCADE, related_name="refunds")
    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.CASCADE, related_name="refunds")
    amount = models.PositiveIntegerField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.REQUESTED)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.TREASURER)
    provider_ref = models.CharField(max_length=255, null=True, blank=True, unique=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("refund")

    def __str__(self):
        return f"{format_cents(self.amount)} € {self.get_state_display()}"


class Dispute(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.CASCADE, related_name="disputes")
    provider_ref = models.CharField(max_length=255, unique=True)
    amount = models.PositiveIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    reason = models.CharField(max_length=100, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dispute")

    def __str__(self):
        return f"{self.provider_ref}: {self.get_status_display()}"


class TreasurerLog(models.Model):
    """What treasurers did: refunds, offline gifts, exports, regenerated PDFs."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40)
    donation = models.ForeignKey(
        Donation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("treasurer's log entry")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"


def format_cents(cents):
    """12345 → '123,45'; whole euros without decimals ('50')."""
    euros, rest = divmod(int(cents), 100)
    whole = f"{euros:,}".replace(",", "\u202f")
    return whole if not rest else f"{whole},{rest:02d}"
