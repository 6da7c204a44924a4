"""The people list's filter form (the querying itself is rostra.people.listing)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.filters import WagtailFilterSet

from rostra.people import purposes, territories
from rostra.people.models import Constituency, Person, SavedSegment, SourceKind
from rostra.people.permissions import scoped_segments


def _consent_choices():
    return [
        (f"{code}:{channel}", f"{label} / {purposes.channel_label(channel)}")
        for code, label in purposes.all_purposes().items()
        for channel in ("email", "sms")
    ]


def _segments_of_request(request):
    # Only the segments the user may see (rostra.scoping narrows them).
    if request is None:
        return SavedSegment.objects.none()
    return scoped_segments(request.user)


class PersonFilterSet(WagtailFilterSet):
    segment = django_filters.ModelChoiceFilter(
        label=_("Saved segment"), queryset=_segments_of_request, method="keep"
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"),
        queryset=Tag.objects.filter(people_taggedperson_items__isnull=False).distinct(),
        to_field_name="name",
        method="keep",
    )
    region = django_filters.ChoiceFilter(
        label=_("Région"), choices=territories.regions, method="keep"
    )
    departement = django_filters.ChoiceFilter(
        label=_("Département"),
        choices=lambda: [(code, f"{code} {name}") for code, name in territories.departements()],
        method="keep",
    )
    constituency = django_filters.ModelChoiceFilter(
        label=_("Constituency"),
        queryset=Constituency.objects.all(),
        to_field_name="code",
        method="keep",
    )
    consent = django_filters.ChoiceFilter(
        label=_("Consents to"), choices=_consent_choices, method="keep"
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=SourceKind.choices, method="keep"
    )
    created_after = django_filters.DateFilter(label=_("Added from"), method="keep")
    created_before = django_filters.DateFilter(label=_("Added until"), method="keep")

    class Meta:
        model = Person
        fields = []

    def keep(self, queryset, name, value):
        # rostra.people.listing applies the filters (the same code the bench measures).
        return queryset
