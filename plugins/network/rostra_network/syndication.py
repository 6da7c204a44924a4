"""What candidate home pages show from the national site: the party news feed
(locked by the blueprint) and national pages pushed to their site or région."""

from django.db.models import Q
from wagtail.models import Page

from rostra_network.models import Blueprint, CandidateSite, Syndication


def party_news(site, count):
    from rostra.pages.models import NewsArticlePage

    blueprint = Blueprint.load()
    if blueprint.party_news_id is None:
        return []
    return list(
        NewsArticlePage.objects.live()
        .public()
        .child_of(blueprint.party_news)
        .order_by("-date", "-first_published_at")
        .select_related("image")[:count]
    )


def pushed_to(site):
    """Live national pages pushed to this site (to all sites or to its région)."""
    region = CandidateSite.objects.filter(site=site).values_list("region_code", flat=True).first()
    if region is None:
        return []
    page_ids = Syndication.objects.filter(Q(region_code="") | Q(region_code=region)).values(
        "page_id"
    )
    return list(Page.objects.live().public().filter(pk__in=page_ids).specific().order_by("-pk"))


def slug_of(site):
    return CandidateSite.objects.filter(site=site).values_list("slug", flat=True).first() or ""
