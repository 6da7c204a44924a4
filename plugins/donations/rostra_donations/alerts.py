"""Alerts for large gifts: an email to the site's alert address, and the
treasurer's dashboard panel lists them."""

from rostra.mail.sending import send

from rostra_donations.models import PaymentSettings, format_cents


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


def merged_over_cap(person, breach):
    """Two records of one donor were merged and their gifts together are over
    the cap: the treasurers of the sites that received the gifts over it (or,
    if only monthly gifts still to come take it over, of every site that
    received one of the period's gifts) are told what to refund."""
    gifts = breach.over or breach.gifts
    sent = 0
    for site in {gift.site for gift in gifts}:
        settings = PaymentSettings.for_site(site)
        if not settings.alert_email:
            continue
        send(
            "donations/merged_over_cap",
            to=settings.alert_email,
            site=site,
            context={
                "donor": gifts[0].donor_name if gifts else str(person),
                "person_id": person.pk,
                "total": format_cents(breach.check.committed),
                "cap": format_cents(breach.check.cap),
                "period": breach.check.period_label,
                "gifts": [
                    {"id": gift.pk, "amount": format_cents(gift.amount)}
                    for gift in breach.over
                    if gift.site_id == site.pk
                ],
            },
        )
        sent += 1
    return sent
