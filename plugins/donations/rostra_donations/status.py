"""A gift's status, derived from its payment rows, and what follows a change
of it once: confirmation (signal, timeline, acknowledgement, alert) and the
refund signal. Call with the donation's row locked."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from rostra import signals
from rostra.people import api as people
from rostra.people.models import Consent, SourceKind, TimelineEntry
from rostra.worker.queueing import with_commit

from rostra_donations.models import (
    Dispute,
    Donation,
    DonationStatus,
    PaymentAttempt,
    Refund,
)

State = PaymentAttempt.State
GAVE = gettext_noop("Gave %(amount)s %(currency)s")


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
        # updated_at (auto_now) is written only when named: a refund, a
        # dispute or the payment moves the gift's modified_date in the API.
        donation.save(update_fields=[*updates, "updated_at"])
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
        # Translated when shown, for each reader ("A donné 20,00 EUR").
        message=GAVE,
        params={"amount": f"{donation.amount / 100:.2f}", "currency": donation.currency},
        site=donation.site,
        data={"donation": donation.pk, "frequency": donation.frequency},
        # Each instalment of a monthly gift on its own date, not the day it was recorded.
        when=donation.paid_at,
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
