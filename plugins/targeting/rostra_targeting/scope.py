"""What a user may see of the polling stations: their territory (core scoping)."""

from django.db.models import Q
from rostra import scoping
from rostra.people.models import ConstituencyArea

from rostra_targeting.models import PollingStation


def _area_condition(area, field="commune_code"):
    condition = Q(**{f"{field}__in": list(area.communes)})
    for departement in area.departements:
        condition |= Q(**{f"{field}__startswith": departement})
    if area.constituencies:
        condition |= Q(
            **{
                f"{field}__in": ConstituencyArea.objects.filter(
                    constituency__code__in=list(area.constituencies)
                ).values("code")
            }
        )
    return condition


def in_territory(user, queryset, field="commune_code"):
    """The rows of ``queryset`` whose ``field`` (an INSEE commune code) is in
    the user's territory: all of them for national staff."""
    narrowing = scoping.areas_for(user)
    if narrowing is None or user.is_superuser:
        return queryset
    for areas in narrowing:
        condition = Q(pk__in=[])
        for area in areas:
            condition |= _area_condition(area, field)
        queryset = queryset.filter(condition)
    return queryset


def stations_for(user, queryset=None):
    """The polling stations in the user's territory (all of them for national staff)."""
    return in_territory(user, PollingStation.objects.all() if queryset is None else queryset)


def is_narrowed(user):
    return not user.is_superuser and scoping.areas_for(user) is not None


def commune_allowed(user, commune_code):
    """Whether an INSEE commune code is in the user's territory (rostra.scoping)."""
    return scoping.commune_allowed(user, commune_code)
