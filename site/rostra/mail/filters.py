"""The outbox's filters (Wagtail's filters drawer)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from rostra.mail.models import OutboxMessage
from rostra.mail.permissions import sites_of_outbox_reader
from rostra.sitesettings.names import site_filter


def _sites_of_request(request):
    from wagtail.models import Site

    sites = sites_of_outbox_reader(request.user) if request is not None else set()
    return Site.objects.all() if sites is None else Site.objects.filter(pk__in=sites or [])


class OutboxFilterSet(WagtailFilterSet):
    # Only the sites the user reads the emails of are offered.
    site = site_filter(label=_("Site"), queryset=_sites_of_request)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OutboxMessage.Status.choices)
    created_at = django_filters.DateFromToRangeFilter(label=_("Sent"), widget=DateRangePickerWidget)
    to = django_filters.CharFilter(label=_("To"), lookup_expr="icontains")

    class Meta:
        model = OutboxMessage
        fields = ["site", "status", "created_at", "to"]
