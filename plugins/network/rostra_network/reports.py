"""Figures per candidate site for national staff, as annotations of the
candidate sites: the listing sorts on them and counts only the page it shows."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from rostra.people.models import Person, TimelineEntry

from rostra_network.models import CandidateSite, SignatureCredit


def _count_by_site(rows, field):
    per_site = (
        rows.filter(**{field: OuterRef("site_id")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(per_site), 0)


def with_figures(candidates):
    """People first seen on each site, actions recorded there, national
    signatures credited to it."""
    return candidates.annotate(
        first_seen=_count_by_site(Person.objects.all(), "source_site"),
        actions=_count_by_site(TimelineEntry.objects.all(), "site"),
        credited=_count_by_site(SignatureCredit.objects.counted(), "site"),
    )


def per_site():
    return [
        {
            "candidate": candidate,
            "first_seen": candidate.first_seen,
            "actions": candidate.actions,
            "credited": candidate.credited,
        }
        for candidate in with_figures(CandidateSite.objects.select_related("site"))
    ]
