"""What a candidate's team sees: the answers this plugin gives to the core's
scoping hooks. National staff (superusers, or anyone outside a candidate team)
are not narrowed."""

from django.db.models import Q
from rostra.people import api
from rostra.people.models import TimelineEntry

from rostra_network.models import CandidateSite


def candidate_sites_of(user):
    """The candidate sites whose team the user belongs to (cached on the user)."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return []
    if not hasattr(user, "_network_candidate_sites"):
        user._network_candidate_sites = list(
            CandidateSite.objects.filter(group__user=user).only(
                "pk", "site_id", "constituency", "communes"
            )
        )
    return user._network_candidate_sites


def is_candidate(user):
    return bool(candidate_sites_of(user))


def people_for_user(user, queryset):
    """Supporters in the candidate's territory, or who acted on their site."""
    candidates = candidate_sites_of(user)
    if not candidates:
        return queryset
    condition = Q(pk__in=[])
    for candidate in candidates:
        in_place = api.in_territory(
            queryset.model.objects.all(),
            communes=candidate.communes,
            constituencies=[candidate.constituency] if candidate.constituency else [],
        )
        condition |= Q(pk__in=in_place.values("pk"))
        condition |= Q(source_site=candidate.site_id)
        condition |= Q(
            pk__in=TimelineEntry.objects.filter(site=candidate.site_id).values("person_id")
        )
    return queryset.filter(condition)
