"""The filters of the treasurer's lists (Wagtail's filters drawer)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rostra.sitesettings.names import site_filter
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.models import Site

from rostra_donations import treasury
from rostra_donations.models import Donation, DonationStatus, Frequency, Method

# Gifts of this amount or more (in cents) are "large" for the filter.
LARGE_GIFT = 100_000


def sites_of_request(request):
    # Only the sites the treasurer may see are offered (a candidate's own).
    if request is None:
        return Site.objects.none()
    return treasury.sites_for(request.user).order_by("-is_default_site", "site_name")


class LedgerFilterSet(WagtailFilterSet):
    site = site_filter(label=_("Site"), queryset=sites_of_request)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DonationStatus.choices)
    method = django_filters.ChoiceFilter(
        label=_("Method"), choices=[choice for choice in Method.choices if choice[0]]
    )
    frequency = django_filters.ChoiceFilter(label=_("Frequency"), choices=Frequency.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Donation.Kind.choices)
    date = django_filters.DateFromToRangeFilter(
        label=_("Date"), method="filter_date", widget=DateRangePickerWidget
    )
    refcode = django_filters.CharFilter(label=_("Refcode"), field_name="refcode")
    large = django_filters.BooleanFilter(
        label=_("Large gifts (1 000 € or more)"), method="filter_large", widget=BooleanRadioSelect
    )
    over_cap = django_filters.BooleanFilter(
        label=_("Over the cap"), field_name="over_cap", widget=BooleanRadioSelect
    )

    class Meta:
        model = Donation
        fields = []

    def filter_date(self, queryset, name, value):
        # A gift's date is when it was paid, or when it was started if it never was.
        if value.start:
            queryset = queryset.filter(
                Q(paid_at__date__gte=value.start)
                | Q(paid_at__isnull=True, created_at__date__gte=value.start)
            )
        if value.stop:
            queryset = queryset.filter(
                Q(paid_at__date__lte=value.stop)
                | Q(paid_at__isnull=True, created_at__date__lte=value.stop)
            )
        return queryset

    def filter_large(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(amount__gte=LARGE_GIFT)
            if value
            else queryset.exclude(amount__gte=LARGE_GIFT)
        )
