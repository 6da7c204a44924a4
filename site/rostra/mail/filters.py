"""The outbox's filters (Wagtail's filters drawer)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from rostra.mail.models import OutboxMessage


class OutboxFilterSet(WagtailFilterSet):
    # The outbox keeps neither the site nor a delivery status: every message in it
    # was "sent" there. What it has to filter on is when, to whom and what.
    created_at = django_filters.DateFromToRangeFilter(label=_("Sent"), widget=DateRangePickerWidget)
    to = django_filters.CharFilter(label=_("To"), lookup_expr="icontains")

    class Meta:
        model = OutboxMessage
        fields = ["created_at", "to"]
