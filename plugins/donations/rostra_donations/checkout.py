"""Starting a gift: eligibility, the cap (locked), the rows, then the provider.

Nothing is charged before every rule has passed: a refusal leaves no charge,
and the rows of a refused gift are never written.

A checkout already paid is never paid again: the form carries its own key,
and a donor who posts it again (back button, retry) after paying is shown the
receipt of that gift. A gift left unpaid has its checkout closed at the
provider first, so that it can never be paid beside the new one.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rostra.client_ip import client_ip
from rostra.people import api as people
from rostra.people.models import SourceKind

from rostra_donations import caps, jurisdictions, kept, providers
from rostra_donations.jurisdictions.base import Donor
from rostra_donations.models import (
    Donation,
    DonationStatus,
    Frequency,
    PaymentAttempt,
    PaymentSettings,
    RecurringGift,
    format_cents,
)

NEWSLETTER_WORDING = gettext_lazy("I would like to receive news from the campaign by email.")


class GiftRefused(Exception):
    """The gift breaks a rule; the message tells the donor why, in their language."""


@dataclass
class Started:
    donation: Donation
    redirect_url: str  # the payment page, or the receipt of a gift this form already paid


State = PaymentAttempt.State
# A gift in one of these is paid, or its payment is on its way: never start it again.
PAID_OR_ON_ITS_WAY = (
    DonationStatus.PROCESSING,
    DonationStatus.PAID,
    DonationStatus.DISPUTED,
    DonationStatus.REFUNDED,
)


def close(donation, provider):
    """Make sure no checkout of this gift can still be paid: each open one is
    expired at the provider, or found paid there. Returns the gift's status.
    ``provider`` None: nothing to ask, the attempts are closed here. Raises
    ProviderError when the provider cannot say how a checkout stands."""
    from rostra_donations import ledger

    for attempt in donation.attempts.exclude(provider="offline").filter(
        state__in=[State.CREATED, State.PENDING]
    ):
        outcomes = provider.close(attempt) if provider and attempt.session_ref else []
        with transaction.atomic():
            for outcome in outcomes:
                ledger.apply(outcome, donation.site)
            locked = Donation.objects.select_for_update().get(pk=donation.pk)
            attempt.refresh_from_db()
            if not outcomes:
                ledger.advance(attempt, State.CANCELLED)
            ledger.refresh_status(locked)
    return Donation.objects.values_list("status", flat=True).get(pk=donation.pk)


def _paid_before(site, key, provider):
    """The gift this form already started, if it is paid or on its way."""
    earlier = Donation.objects.filter(site=site, checkout_key=key).first() if key else None
    if earlier is None:
        return None
    try:
        status = close(earlier, provider)
    except providers.ProviderError:
        raise GiftRefused(unreachable()) from None
    return earlier if status in PAID_OR_ON_ITS_WAY else None


def unreachable():
    return _(
        "The payment service could not be reached. Nothing was charged: please try again later."
    )


def refusal_message(check):
    if check.remaining == 0:
        return _(
            "You have reached the legal cap of €%(cap)s %(period)s: the law does not allow "
            "a further gift."
        ) % {"cap": format_cents(check.cap), "period": check.period_label}
    return _(
        "This gift would take you over the legal cap of €%(cap)s %(period)s. You can "
        "still give €%(remaining)s."
    ) % {
        "cap": format_cents(check.cap),
        "period": check.period_label,
        "remaining": format_cents(check.remaining),
    }


def start(*, page, site, data, request, language, success_url, cancel_url):
    """Validate the rules, write the gift and its first attempt, and ask the
    provider for the hosted payment page. ``data``: the donor form's cleaned data."""
    settings = PaymentSettings.for_site(site)
    rules = jurisdictions.get(settings.jurisdiction)
    provider = providers.online_for_site(site)
    if provider is None:
        raise GiftRefused(_("Online giving is not open on this site yet."))
    key = data.get("checkout")
    earlier = _paid_before(site, key, provider)
    if earlier is not None:
        return Started(earlier, success_url.format(token=earlier.token))
    nationality = data.get("nationality", "")
    errors = rules.eligibility_errors(
        Donor(
            nationality=nationality,
            french_resident=bool(data.get("french_resident")),
            country=data["country"],
        ),
        settings.recipient_kind,
    )
    if errors:
        raise GiftRefused(" ".join(str(e) for e in errors))

    # No proof yet: a known donor is left as they are; what was typed is kept on
    # the gift and reaches them when the payment succeeds (status._confirm).
    person, _created = people.find_or_create(
        email=data["email"],
        site=site,
        source=people.Source(
            SourceKind.REFCODE if data.get("refcode") else SourceKind.PAGE,
            data.get("refcode") or request.build_absolute_uri(page.url),
        ),
        first_name=data["first_name"],
        last_name=data["last_name"],
        address_line1=data["address_line1"],
        address_line2=data.get("address_line2", ""),
        postcode=data["postcode"],
        commune=data["town"],
        country=data["country"] if data["country"] != "ZZ" else "",
        language=language,
    )
    donor = caps.donor_key(data["first_name"], data["last_name"], data["postcode"])
    monthly = data["frequency"] == Frequency.MONTHLY
    now = timezone.now()
    with transaction.atomic():
        caps.lock_donor(person.pk, donor)
        if key:
            # This form's earlier gift was never paid (and is closed now): the key moves on.
            Donation.objects.filter(checkout_key=key).update(checkout_key=None)
        check = caps.check(
            person=person,
            key=donor,
            amount=data["amount"],
            frequency=data["frequency"],
            recipient_kind=settings.recipient_kind,
            jurisdiction=rules.code,
            election=settings.election,
            at=now,
        )
        if not check.allowed:
            raise GiftRefused(refusal_message(check))
        recurring = None
        if monthly:
            recurring = RecurringGift.objects.create(
                site=site, person=person, amount=data["amount"], provider=provider.code
            )
        donation = Donation.objects.create(
            site=site,
            page=page,
            person=person,
            recurring=recurring,
            frequency=data["frequency"],
            amount=data["amount"],
            jurisdiction=rules.code,
            recipient_kind=settings.recipient_kind,
            election=settings.election,
            civility=data.get("civility", ""),
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            address_line1=data["address_line1"],
            address_line2=data.get("address_line2", ""),
            postcode=data["postcode"],
            town=data["town"],
            country=data["country"],
            nationality=nationality,
            french_resident=bool(data.get("french_resident")),
            donor_key=donor,
            checkout_key=key or None,
            attestations={
                "at": now.isoformat(),
                "statements": [str(a.text) for a in rules.attestations(settings.recipient_kind)],
                "language": language,
                # Recorded in the consent ledger when the payment succeeds (status._confirm).
                "newsletter": str(NEWSLETTER_WORDING) if data.get("newsletter") else "",
            },
            language=language,
            ip_hash=people.hash_ip(client_ip(request)),
            created_at=now,
            **{name: data.get(name, "") for name in _TRACKING_FIELDS},
        )
        attempt = PaymentAttempt.objects.create(
            donation=donation, provider=provider.code, amount=donation.amount
        )
    success = success_url.format(token=donation.token)
    try:
        checkout = provider.start(
            attempt, success_url=success, cancel_url=cancel_url.format(token=donation.token)
        )
    except providers.ProviderError:
        PaymentAttempt.objects.filter(pk=attempt.pk).update(
            state=PaymentAttempt.State.FAILED, failure_reason="provider unavailable"
        )
        from rostra_donations import ledger

        with transaction.atomic():
            ledger.refresh_status(donation)
        raise GiftRefused(unreachable()) from None
    with transaction.atomic():
        PaymentAttempt.objects.filter(pk=attempt.pk).update(session_ref=checkout.session_ref)
        # Forward only: closed meanwhile (the same form posted again) stays closed.
        PaymentAttempt.objects.filter(pk=attempt.pk, state=State.CREATED).update(
            state=State.PENDING
        )
        kept.appeared(site, "session", checkout.session_ref)
    return Started(donation=donation, redirect_url=checkout.redirect_url)


_TRACKING_FIELDS = (
    "refcode",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_content",
    "utm_term",
)
