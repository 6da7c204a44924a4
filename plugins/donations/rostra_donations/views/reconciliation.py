"""Daily reconciliation: Wagtail's report listing of one day's gifts of one
site, each marked found or not at the payment provider, under the day's
totals (ledger, provider, fees, payouts). Opens on the user's own site, today."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext_lazy as _
from rostra.sitesettings.names import site_filter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import Site

from rostra_donations import providers, treasury
from rostra_donations.filters import sites_of_request
from rostra_donations.models import Donation, Method
from rostra_donations.templatetags.donations import euros

OFFLINE = [Method.CHEQUE, Method.TRANSFER]


class ReconciliationFilterSet(WagtailFilterSet):
    site = site_filter(label=_("Site"), queryset=sites_of_request, method="chosen")
    day = django_filters.DateFilter(label=_("Day"), method="chosen")

    class Meta:
        model = Donation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's date picker, as the user's language writes dates; ISO is read too.
        self.form.fields["day"].widget = AdminDateInput(format=get_format("DATE_INPUT_FORMATS")[0])

    def chosen(self, queryset, name, value):
        return queryset  # the view reads the site and the day (get_queryset)


def own_site(request, sites):
    """The site a treasurer works for: the one this admin is served from when
    they may see it (the national site for national staff), else their own
    (a candidate's team sees one site)."""
    here = Site.find_for_request(request)
    if here is not None and sites.filter(pk=here.pk).exists():
        return here
    return sites.order_by("-is_default_site", "pk").first()


def _found(gift):
    if gift.method in OFFLINE:
        return _("cheque or transfer")
    return _("yes") if gift.at_provider else _("no")


class ReconciliationView(ReportView):
    page_title = _("Daily reconciliation")
    header_icon = "tasks"
    index_url_name = "donations_admin:reconciliation"
    index_results_url_name = "donations_admin:reconciliation_results"
    results_template_name = "donations/admin/reconciliation_results.html"
    filterset_class = ReconciliationFilterSet
    permission_policy = None  # the treasurer's permission and sites decide
    paginate_by = 100
    export_filename = "reconciliation"
    list_export = ["id", "paid_at", "last_name", "first_name", "amount_eur", "method", "found"]
    export_headings = {"amount_eur": _("Amount (€)"), "found": _("At the provider")}
    columns = [
        Column(
            "paid_at",
            label=_("Paid"),
            accessor=lambda gift: date_format(timezone.localtime(gift.paid_at), "TIME_FORMAT"),
        ),
        TitleColumn("donor_name", label=_("Donor"), url_name="donations_admin:detail"),
        Column("amount", label=_("Amount"), accessor=lambda gift: f"{euros(gift.amount)}\u00a0€"),
        Column("method", label=_("Method"), accessor="get_method_display"),
        Column("found", label=_("At the provider"), accessor="found"),
    ]

    def dispatch(self, request, *args, **kwargs):
        treasury.require(request.user)  # Wagtail's permission-denied page otherwise
        return super().dispatch(request, *args, **kwargs)

    def chosen(self):
        sites = treasury.sites_for(self.request.user)
        site, day = None, None
        if self.filters and self.filters.is_valid():
            site, day = (
                self.filters.form.cleaned_data.get("site"),
                self.filters.form.cleaned_data.get("day"),
            )
        return site or own_site(self.request, sites), day or timezone.localdate()

    def get_queryset(self):
        self.site, self.day = self.chosen()
        self.summary = {"error": ""}
        if self.site is None:
            return []
        start = timezone.make_aware(datetime.datetime.combine(self.day, datetime.time.min))
        end = start + datetime.timedelta(days=1)
        gifts = list(
            Donation.objects.filter(site=self.site, paid_at__gte=start, paid_at__lt=end)
            .order_by("paid_at", "pk")
            .prefetch_related("attempts")
        )
        payouts, settled = [], []
        provider = providers.online_for_site(self.site)
        if provider is not None:
            try:
                payouts, settled = provider.balance(start, end)
            except providers.ProviderError as error:
                self.summary["error"] = str(error)
        online = [gift for gift in gifts if gift.method not in OFFLINE]
        provider_refs = {line.payment_ref for line in settled if line.kind == "payment"}
        known = set()
        for gift in gifts:
            refs = {a.payment_ref for a in gift.attempts.all() if a.payment_ref}
            known |= refs
            gift.at_provider = bool(refs & provider_refs)
            gift.found = _found(gift)
            gift.amount_eur = gift.amount / 100
        self.summary.update(
            ledger_count=len(online),
            ledger_total=sum(gift.amount for gift in online),
            settled_count=len([line for line in settled if line.kind == "payment"]),
            provider_total=sum(line.amount for line in settled if line.kind == "payment"),
            provider_refunds=sum(line.amount for line in settled if line.kind == "refund"),
            fees=sum(line.fee for line in settled),
            payouts=payouts,
            payout_total=sum(p.amount for p in payouts),
            offline_total=sum(gift.amount for gift in gifts if gift.method in OFFLINE),
            missing_in_ledger=[
                line for line in settled if line.kind == "payment" and line.payment_ref not in known
            ],
            missing_at_provider=[gift for gift in online if not gift.at_provider],
        )
        return gifts

    def filter_queryset(self, queryset):
        return queryset  # of the chosen site and day already (get_queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(site=self.site, day=self.day, **self.summary)
        return context
