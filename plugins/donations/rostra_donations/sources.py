"""Per source (refcode, else utm_source): visits of donation pages, gifts,
amounts and gifts per visit.

Visits are counted, not followed: a gift cannot be tied to the visit it came
from, so the measure is what it is, gifts divided by visits (10 gifts from 8
visits is 1.25: a donor came back, or gave from a link the page's counter did
not see), never a conversion rate in percent that could pass 100 %."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum

from rostra_donations.models import Donation, DonationPage, DonationStatus, SourceVisit


def _pages_of(sites):
    pages = DonationPage.objects.none()
    for site in sites:
        pages = pages | DonationPage.objects.descendant_of(site.root_page)
    return pages


def rows(sites):
    """One dict a source: source, views, gifts, amount (cents), amount_eur,
    per_visit (Decimal to two places, None without visits)."""
    visits = {
        row["source"]: row["views"]
        for row in SourceVisit.objects.filter(page__in=_pages_of(sites))
        .values("source")
        .annotate(views=Sum("views"))
    }
    gifts = {}
    for row in (
        Donation.objects.filter(
            site__in=sites, status__in=[DonationStatus.PAID, DonationStatus.DISPUTED]
        )
        .values("refcode", "utm_source")
        .annotate(count=Count("pk"), amount=Sum("amount"))
    ):
        key = row["refcode"] or (f"utm:{row['utm_source']}" if row["utm_source"] else "")
        count, amount = gifts.get(key, (0, 0))
        gifts[key] = (count + row["count"], amount + (row["amount"] or 0))
    found = []
    for source in sorted(set(visits) | set(gifts)):
        views = visits.get(source, 0)
        count, amount = gifts.get(source, (0, 0))
        per_visit = None
        if views:
            per_visit = (Decimal(count) / views).quantize(Decimal("0.01"), ROUND_HALF_UP)
        found.append(
            {
                "source": source,
                "views": views,
                "gifts": count,
                "amount": amount,
                "amount_eur": Decimal(amount).scaleb(-2),
                "per_visit": per_visit,
            }
        )
    return found
