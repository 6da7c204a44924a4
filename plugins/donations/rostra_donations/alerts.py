"""Alerts for large gifts: an email to the site's alert address, and the
treasurer's dashboard panel lists them."""

from rostra.mail.sending import send

from rostra_donations.models import PaymentSettings


def is_large(donation, settings=None):
    settings = settings or PaymentSettings.for_site(donation.site)
    return donation.amount >= settings.large_gift_threshold * 100


def large_gift(donation):
    settings = PaymentSettings.for_site(donation.site)
    if not is_large(donation, settings) and not donation.over_cap:
        return False
    if not settings.alert_email:
        return False
    send(
        "donations/large_gift",
        to=settings.alert_email,
        site=donation.site,
        context={
            "donor": donation.donor_name,
            "amount": donation.amount / 100,
            "over_cap": donation.over_cap,
            "donation_id": donation.pk,
            "threshold": settings.large_gift_threshold,
        },
    )
    return True
