"""Who may act as treasurer, and on which sites.

The permission ``donations.treasurer`` says a user may act as treasurer; the
sites come from Wagtail's own page permissions: a treasurer sees the gifts of
the sites whose pages they may edit, so a candidate's team never sees another
candidate's donors. Superusers see every site.
"""

from django.core.exceptions import PermissionDenied
from wagtail.models import Site

from rostra_donations.models import TreasurerLog

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
