"""What only a treasurer does: refunds (the financial agent's authorisation,
logged), offline gifts, re-rendered acknowledgements."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rostra.people import api as people
from rostra.people.models import SourceKind

from rostra_donations import caps, ledger, providers, tasks, treasury
from rostra_donations.checkout import GiftRefused, refusal_message
from rostra_donations.models import (
    Donation,
    DonationStatus,
    PaymentAttempt,
    PaymentSettings,
    Refund,
)
from rostra_donations.providers import base


def refund(donation, *, amount, reason, user):
    """Refund part or all of a paid gift through its provider. Returns the Refund."""
    treasury.require(user, donation.site)
    with transaction.atomic():
        donation = Donation.objects.select_for_update().get(pk=donation.pk)
        attempt = donation.attempts.filter(state=PaymentAttempt.State.PAID).first()
        refundable = (
            donation.amount
            - donation.refunded_amount
            - sum(r.amount for r in donation.refunds.filter(state__in=["requested", "pending"]))
        )
        if attempt is None or donation.status not in (DonationStatus.PAID, DonationStatus.DISPUTED):
            raise GiftRefused(_("Only a paid gift can be refunded."))
        if not 0 < amount <= refundable:
            raise GiftRefused(
                _("You can refund between €0.01 and €%(max)s.") % {"max": f"{refundable / 100:.2f}"}
            )
        row = Refund.objects.create(
            donation=donation, attempt=attempt, amount=amount, reason=reason, requested_by=user
        )
        treasury.log(user, donation.site, "refund", donation, amount=amount, reason=reason)
    provider = providers.by_code(attempt.provider, donation.site)
    try:
        outcome = provider.refund(row, attempt)
    except base.ProviderError as error:
        Refund.objects.filter(pk=row.pk).update(
            state=Refund.State.FAILED, completed_at=timezone.now()
        )
        treasury.log(user, donation.site, "refund_failed", donation, error=str(error))
        raise GiftRefused(
            _("The payment service refused the refund: %(error)s") % {"error": error}
        ) from None
    with transaction.atomic():
        Donation.objects.select_for_update().filter(pk=donation.pk).first()
        row.refresh_from_db()
        if outcome.refund_ref and not row.provider_ref:
            row.provider_ref = outcome.refund_ref
            row.save(update_fields=["provider_ref"])
        ledger._move_refund(row, outcome.state)
        ledger.refresh_status(donation)
    return row


def record_offline(site, data, *, user):
    """A cheque or transfer received by the financial agent, into the same ledger."""
    treasury.require(user, site)
    settings = PaymentSettings.for_site(site)
    person, _created = people.find_or_create(
        email=data["email"],
        site=site,
        source=people.Source(SourceKind.ADMIN, "offline gift"),
        proof=people.Proof.STAFF,  # the treasurer enters what the cheque says
        first_name=data["first_name"],
        last_name=data["last_name"],
        address_line1=data["address_line1"],
        postcode=data["postcode"],
        commune=data["town"],
    )
    key = caps.donor_key(data["first_name"], data["last_name"], data["postcode"])
    paid_at = data["paid_at"]
    with transaction.atomic():
        caps.lock_donor(person.pk, key)
        if not data.get("outside_cap"):
            check = caps.check(
                person=person,
                key=key,
                amount=data["amount"],
                frequency="one_off",
                recipient_kind=settings.recipient_kind,
                jurisdiction=settings.jurisdiction,
                election=settings.election,
                at=paid_at,
            )
            if not check.allowed:
                raise GiftRefused(refusal_message(check))
        donation = Donation.objects.create(
            site=site,
            person=person,
            kind=data["kind"],
            amount=data["amount"],
            method=data["method"],
            bank_reference=data.get("bank_reference", ""),
            jurisdiction=settings.jurisdiction,
            recipient_kind=settings.recipient_kind,
            election=settings.election,
            outside_cap=bool(data.get("outside_cap")),
            civility=data.get("civility", ""),
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            address_line1=data["address_line1"],
            postcode=data["postcode"],
            town=data["town"],
            country=data.get("country", "FR"),
            nationality=data.get("nationality", "FR"),
            french_resident=data.get("french_resident", True),
            elected_office=data.get("elected_office", ""),
            donor_key=key,
            attestations={"at": paid_at.isoformat(), "statements": ["signed on paper"]},
            recorded_by=user,
            created_at=paid_at,
        )
        attempt = PaymentAttempt.objects.create(
            donation=donation, provider="offline", amount=donation.amount, method=data["method"]
        )
        ledger.advance(attempt, PaymentAttempt.State.PAID, paid_at=paid_at)
        ledger.refresh_status(donation)
        treasury.log(user, site, "offline_gift", donation, amount=donation.amount)
    return donation


def regenerate(ack, *, user):
    treasury.require(user, ack.site)
    treasury.log(
        user, ack.site, "regenerate_acknowledgement", ack.donation, reference=ack.reference
    )
    tasks.regenerate.enqueue(acknowledgement_id=ack.pk)
