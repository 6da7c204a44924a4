"""Figures per candidate site for national staff (one query per figure, not
per site, so the page stays quick with 577 sites)."""

from django.db.models import Count
from rostra.people.models import Person, TimelineEntry

from rostra_network.models import CandidateSite, SignatureCredit


def per_site():
    candidates = list(CandidateSite.objects.select_related("site").order_by("name"))
    site_ids = [candidate.site_id for candidate in candidates]
    first_seen = dict(
        Person.objects.filter(source_site__in=site_ids)
        .values_list("source_site")
        .annotate(n=Count("pk"))
    )
    actions = dict(
        TimelineEntry.objects.filter(site__in=site_ids).values_list("site").annotate(n=Count("pk"))
    )
    credited = dict(
        SignatureCredit.objects.counted()
        .filter(site__in=site_ids)
        .values_list("site")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "candidate": candidate,
            "first_seen": first_seen.get(candidate.site_id, 0),
            "actions": actions.get(candidate.site_id, 0),
            "credited": credited.get(candidate.site_id, 0),
        }
        for candidate in candidates
    ]
