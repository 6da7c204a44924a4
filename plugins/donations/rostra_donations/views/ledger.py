"""The ledger of gifts: Wagtail's listing (filters drawer, sortable columns,
pagination) and its exports, of the sites the treasurer may see."""

from collections import OrderedDict
from decimal import Decimal

from django.db.models import Count, Sum
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets import HeaderButton
from wagtail.coreutils import multigetattr

from rostra_donations import cnccfp, treasury
from rostra_donations.filters import LedgerFilterSet
from rostra_donations.models import Donation, DonationStatus
from rostra_donations.templatetags.donations import euros


def _when(gift):
    moment = gift.paid_at or gift.created_at
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _amount(gift):
    text = f"{euros(gift.amount)}\u00a0€"
    return f"{text} ({_('monthly')})" if gift.recurring_id else text


class LedgerView(IndexView):
    model = Donation
    template_name = "donations/admin/ledger.html"
    results_template_name = "donations/admin/ledger_results.html"
    index_url_name = "donations_admin:ledger"
    index_results_url_name = "donations_admin:ledger_results"
    page_title = _("Ledger of gifts")
    header_icon = "list-ul"
    filterset_class = LedgerFilterSet
    # The treasurer's permission and sites decide (dispatch, get_base_queryset),
    # not Wagtail's model permissions on Donation.
    permission_policy = None
    any_permission_required = None
    search_fields = ["last_name", "first_name", "email", "bank_reference", "postcode"]
    search_backend_name = None  # the database's own search, on these fields
    default_ordering = "-created_at"
    paginate_by = 50
    export_filename = "donations"
    list_export = [
        "id",
        "site.site_name",
        "created_at",
        "paid_at",
        "status",
        "kind",
        "frequency",
        "amount_eur",
        "refunded_eur",
        "currency",
        "method",
        "bank_reference",
        *Donation.DONOR_FIELDS,
        "recipient_kind",
        "election",
        "over_cap",
        "refcode",
        "utm_source",
        "utm_medium",
        "utm_campaign",
    ]
    # The columns keep the names a treasurer's spreadsheets already read.
    export_headings = {field: field.split(".")[0] for field in list_export}

    @property
    def columns(self):
        return [
            Column("date", label=_("Date"), accessor=_when, sort_key="created_at"),
            TitleColumn(
                "donor_name",
                label=_("Donor"),
                url_name="donations_admin:detail",
                sort_key="last_name",
            ),
            Column("amount", label=_("Amount"), accessor=_amount, sort_key="amount"),
            Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
            Column("method", label=_("Method"), accessor="get_method_display", sort_key="method"),
            Column("site", label=_("Site"), accessor="site.site_name", sort_key="site__site_name"),
            Column(
                "source",
                label=_("Source"),
                accessor=lambda gift: gift.refcode or gift.utm_source,
                sort_key="refcode",
            ),
        ]

    def dispatch(self, request, *args, **kwargs):
        treasury.require(request.user)  # Wagtail's permission-denied page otherwise
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return Donation.objects.filter(
            site__in=treasury.sites_for(self.request.user)
        ).select_related("site")

    def order_queryset(self, queryset):
        # Pk breaks ties: a page boundary never shows a gift twice or skips one.
        ordering = self.ordering or self.default_ordering
        return queryset.order_by(ordering, "-pk")

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in (*self.FORMATS, "cnccfp"):
            sites = treasury.sites_for(request.user)
            site = sites.first() if sites.count() == 1 else None
            filters = {k: v for k, v in request.GET.items() if k != "export"}
            treasury.log(request.user, site or sites.first(), f"export_{export}", filters=filters)
        if export == "cnccfp":
            return self.cnccfp_response()
        return super().get(request, *args, **kwargs)

    def cnccfp_response(self):
        stamp = timezone.localdate().isoformat()
        response = HttpResponse(
            cnccfp.export(self.get_queryset()),
            content_type="text/tab-separated-values; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="cnccfp-{stamp}.tsv"'
        return response

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate().isoformat()}"

    def to_row_dict(self, item):
        row = OrderedDict()
        for field in self.list_export:
            if field == "amount_eur":
                # Numbers, not text: a spreadsheet adds them up.
                row[field] = Decimal(item.amount).scaleb(-2)
            elif field == "refunded_eur":
                row[field] = Decimal(item.refunded_amount).scaleb(-2)
            else:
                row[field] = multigetattr(item, field)
        return row

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        query = self.request.GET.copy()
        query.pop("p", None)
        query["export"] = "cnccfp"
        buttons.append(
            HeaderButton(
                _("Download the CNCCFP file"),
                url=f"{reverse(self.index_url_name)}?{query.urlencode()}",
                icon_name="download",
                priority=100,
            )
        )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        settled = self.get_queryset().filter(
            status__in=[DonationStatus.PAID, DonationStatus.DISPUTED]
        )
        context["totals"] = settled.order_by().aggregate(amount=Sum("amount"), count=Count("pk"))
        context["offline_url"] = reverse("donations_admin:offline")
        return context
