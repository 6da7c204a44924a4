"""Who may act as treasurer, on which sites, and the ledger's filters.

The permission ``donations.treasurer`` says a user may act as treasurer; the
sites come from Wagtail's own page permissions: a treasurer sees the gifts of
the sites whose pages they may edit, so a candidate's team never sees another
candidate's donors. Superusers see every site.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail.models import Site

from rostra_donations.models import Donation, TreasurerLog

PERMISSION = "donations.treasurer"


def is_treasurer(user):
    return user.is_active and (user.is_superuser or user.has_perm(PERMISSION))


def sites_for(user):
    if not is_treasurer(user):
        return Site.objects.none()
    if user.is_superuser:
        return Site.objects.all()
    allowed = [
        site.pk
        for site in Site.objects.select_related("root_page")
        if site.root_page.permissions_for_user(user).can_edit()
    ]
    return Site.objects.filter(pk__in=allowed)


def require(user, site=None):
    if not is_treasurer(user):
        raise PermissionDenied
    if site is not None and not sites_for(user).filter(pk=site.pk).exists():
        raise PermissionDenied


def log(user, site, action, donation=None, **detail):
    TreasurerLog.objects.create(
        site=site, user=user, action=action, donation=donation, detail=detail
    )


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def ledger(user, params):
    """The gifts this user may see, filtered by the ledger's query parameters."""
    gifts = Donation.objects.filter(site__in=sites_for(user)).select_related("site", "recurring")
    if params.get("site", "").isdigit():
        gifts = gifts.filter(site_id=int(params["site"]))
    for name in ("status", "method", "frequency", "kind"):
        if params.get(name):
            gifts = gifts.filter(**{name: params[name]})
    if params.get("refcode"):
        gifts = gifts.filter(refcode=params["refcode"])
    start, end = _date(params.get("from")), _date(params.get("to"))
    if start:
        gifts = gifts.filter(
            Q(paid_at__date__gte=start) | Q(paid_at__isnull=True, created_at__date__gte=start)
        )
    if end:
        gifts = gifts.filter(
            Q(paid_at__date__lte=end) | Q(paid_at__isnull=True, created_at__date__lte=end)
        )
    if params.get("large") == "1":
        gifts = gifts.filter(amount__gte=100_000)
    if params.get("over_cap") == "1":
        gifts = gifts.filter(over_cap=True)
    query = (params.get("q") or "").strip()
    if query:
        gifts = gifts.filter(
            Q(last_name__icontains=query)
            | Q(first_name__icontains=query)
            | Q(email__icontains=query)
            | Q(bank_reference__icontains=query)
            | Q(postcode__startswith=query)
        )
    return gifts.order_by("-created_at", "-pk")
