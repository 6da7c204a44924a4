"""What a user may see of the polling stations: their territory (core scoping)."""

from django.db.models import Q
from rostra import scoping
from rostra.people.models import ConstituencyArea

from rostra_targeting.models import PollingStation


def _area_condition(area):
    condition = Q(commune_code__in=list(area.communes))
    for departement in area.departements:
        condition |= Q(commune_code__startswith=departement)
    if area.constituencies:
        condition |= Q(
            commune_code__in=ConstituencyArea.objects.filter(
                constituency__code__in=list(area.constituencies)
            ).values("code")
        )
    return condition


def stations_for(user, queryset=None):
    """The polling stations in the user's territory (all of them for national staff)."""
    stations = PollingStation.objects.all() if queryset is None else queryset
    narrowing = scoping.areas_for(user)
    if narrowing is None or user.is_superuser:
        return stations
    for areas in narrowing:
        condition = Q(pk__in=[])
        for area in areas:
            condition |= _area_condition(area)
        stations = stations.filter(condition)
    return stations


def is_narrowed(user):
    return not user.is_superuser and scoping.areas_for(user) is not None
