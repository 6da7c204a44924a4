"""The sources report: Wagtail's report listing (filters drawer, sortable
columns, export), of the sites the treasurer may see."""

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from rostra.sitesettings.names import site_filter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView

from rostra_donations import sources, treasury
from rostra_donations.filters import sites_of_request
from rostra_donations.models import Donation
from rostra_donations.templatetags.donations import euros


class SourcesFilterSet(WagtailFilterSet):
    site = site_filter(label=_("Site"), queryset=sites_of_request)

    class Meta:
        model = Donation
        fields = []


def _per_visit(row):
    if row["per_visit"] is None:
        return "—"
    return number_format(row["per_visit"], 2, use_l10n=True)


class SourcesView(ReportView):
    page_title = _("Sources: gifts per visit")
    header_icon = "link"
    index_url_name = "donations_admin:sources"
    index_results_url_name = "donations_admin:sources_results"
    filterset_class = SourcesFilterSet
    # The treasurer's permission and sites decide (dispatch, get_queryset).
    permission_policy = None
    default_ordering = "source"
    export_filename = "sources"
    list_export = ["source", "views", "gifts", "amount_eur", "per_visit"]
    export_headings = {
        "source": _("Source (refcode or utm_source)"),
        "views": _("Visits"),
        "gifts": _("Gifts"),
        "amount_eur": _("Amount (€)"),
        "per_visit": _("Gifts per visit"),
    }
    columns = [
        Column(
            "source",
            label=_("Source (refcode or utm_source)"),
            accessor=lambda row: row["source"] or _("(direct)"),
            sort_key="source",
        ),
        NumberColumn("views", label=_("Visits"), sort_key="views"),
        NumberColumn("gifts", label=_("Gifts"), sort_key="gifts"),
        Column(
            "amount",
            label=_("Amount"),
            accessor=lambda row: f"{euros(row['amount'])}\u00a0€",
            sort_key="amount",
        ),
        Column("per_visit", label=_("Gifts per visit"), accessor=_per_visit, sort_key="per_visit"),
    ]

    def dispatch(self, request, *args, **kwargs):
        treasury.require(request.user)  # Wagtail's permission-denied page otherwise
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        sites = treasury.sites_for(self.request.user)
        if self.filters and self.filters.is_valid() and self.filters.form.cleaned_data["site"]:
            sites = sites.filter(pk=self.filters.form.cleaned_data["site"].pk)
        rows = sources.rows(sites)
        ordering = self.ordering or self.default_ordering
        key = ordering.lstrip("-")
        rows.sort(key=lambda row: _sort_value(row, key))
        return rows[::-1] if ordering.startswith("-") else rows

    def filter_queryset(self, queryset):
        return queryset  # the rows are of the filtered sites already (get_queryset)


def _sort_value(row, key):
    if key == "source":
        return row[key]
    # None (no visit) sorts first going up, as an empty cell does in a spreadsheet.
    return (row[key] is not None, row[key] or 0)
