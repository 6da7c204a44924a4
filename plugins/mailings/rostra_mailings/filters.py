"""The mailings list's filters (Wagtail's filters drawer)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.models import Site

from rostra_mailings.audience import sites_for
from rostra_mailings.models import Mailing


def _sites(request):
    return sites_for(request.user) if request is not None else Site.objects.none()


class MailingFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Mailing.Status.choices)
    site = django_filters.ModelChoiceFilter(label=_("Site"), queryset=_sites)
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Created"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Mailing
        fields = ["status", "site", "created_at"]
