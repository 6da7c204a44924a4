"""The treasurer's menu, screens and permission, and the large-gift panel."""

import datetime

from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from rostra_donations import dashboard, treasury
from rostra_donations.models import Donation, DonationStatus, PaymentSettings
from rostra_donations.views import admin as views
from rostra_donations.views.ledger import LedgerView
from rostra_donations.views.reconciliation import ReconciliationView
from rostra_donations.views.sources import SourcesView

app_name = "donations_admin"
urlpatterns = [
    path("ledger/", LedgerView.as_view(), name="ledger"),
    path("ledger/results/", LedgerView.as_view(results_only=True), name="ledger_results"),
    path("ledger/<int:pk>/", views.donation_detail, name="detail"),
    path("ledger/<int:pk>/acknowledgement.pdf", views.acknowledgement_pdf, name="acknowledgement"),
    path("offline/", views.offline_gift, name="offline"),
    path("reconciliation/", ReconciliationView.as_view(), name="reconciliation"),
    path(
        "reconciliation/results/",
        ReconciliationView.as_view(results_only=True),
        name="reconciliation_results",
    ),
    path("sources/", SourcesView.as_view(), name="sources"),
    path("sources/results/", SourcesView.as_view(results_only=True), name="sources_results"),
]


@hooks.register("register_admin_urls")
def register_urls():
    return [path("donations/", include((urlpatterns, app_name), namespace=app_name))]


class TreasurerMenuItem(MenuItem):
    def is_shown(self, request):
        return treasury.is_treasurer(request.user)


@hooks.register("register_admin_menu_item")
def register_menu():
    menu = Menu(
        items=[
            TreasurerMenuItem(
                _("Ledger"), reverse("donations_admin:ledger"), icon_name="list-ul", order=1
            ),
            TreasurerMenuItem(
                _("Record a cheque or transfer"),
                reverse("donations_admin:offline"),
                icon_name="plus",
                order=2,
            ),
            TreasurerMenuItem(
                _("Daily reconciliation"),
                reverse("donations_admin:reconciliation"),
                icon_name="tasks",
                order=3,
            ),
            TreasurerMenuItem(
                _("Sources of gifts"),
                reverse("donations_admin:sources"),
                icon_name="link",
                order=4,
            ),
        ]
    )
    return TreasurerSubmenu(_("Donations"), menu, icon_name="doc-full-inverse", order=350)


class TreasurerSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return treasury.is_treasurer(request.user)


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(content_type__app_label="donations", codename="treasurer")


class LargeGiftsPanel(Component):
    name = "donations_large_gifts"
    order = 150

    def __init__(self, gifts):
        self.gifts = gifts

    def render_html(self, parent_context=None):
        return render_to_string("donations/admin/large_gifts_panel.html", {"gifts": self.gifts})


@hooks.register("construct_homepage_panels")
def large_gifts_panel(request, panels):
    if not treasury.is_treasurer(request.user):
        return
    since = timezone.now() - datetime.timedelta(days=30)
    gifts = []
    for site in treasury.sites_for(request.user):
        threshold = PaymentSettings.for_site(site).large_gift_threshold * 100
        gifts.extend(
            Donation.objects.filter(
                site=site,
                status__in=[DonationStatus.PAID, DonationStatus.DISPUTED],
                paid_at__gte=since,
            ).filter(amount__gte=threshold)[:20]
        )
        gifts.extend(Donation.objects.filter(site=site, over_cap=True, paid_at__gte=since)[:20])
    if gifts:
        panels.append(
            LargeGiftsPanel(sorted(set(gifts), key=lambda g: g.paid_at, reverse=True)[:20])
        )


hooks.register("construct_homepage_panels", dashboard.homepage_panels)


@hooks.register("register_osdi_resources")
def osdi_resources():
    """Donation pages and gifts, served by the API plugin if it is installed."""
    from rostra_donations import osdi

    return osdi.resources()


@hooks.register("mailing_card")
def donation_card(page):
    """What a mailing's donation card shows of a donation page, and its address
    with a preset amount (``?amount=``, checked again by the page). A plugin
    that writes mailings asks every ``mailing_card`` hook; none imports the
    other."""
    from django.utils.html import strip_tags
    from django.utils.translation import gettext

    from rostra_donations.models import DonationPage

    if not isinstance(page, DonationPage):
        return None
    url = page.full_url or ""
    return {
        "title": page.title,
        "text": " ".join(strip_tags(page.intro or "").split()),
        "button": gettext("Donate"),
        "kind": "donation",
        "amount_url": url + "?amount={amount}" if url else "",
    }
