"""Whole-site purges, run by the task worker (they can name thousands of URLs)."""

import logging

from django.core.cache import cache
from django.tasks import task
from wagtail.models import Site

from rostra.cache_purge import addresses, sender

logger = logging.getLogger("rostra.cache_purge")


def pending_key(site_id):
    return f"rostra:cache-purge:site-pending:{site_id}"


def schedule_sites(site_ids):
    """Enqueue one whole-site purge per site, unless one is already waiting."""
    waiting = [site_id for site_id in sorted(site_ids) if cache.add(pending_key(site_id), 1, 60)]
    if waiting:
        purge_sites.enqueue(site_ids=waiting)


@task(priority=50)
def purge_sites(site_ids):
    urls = set()
    for site in Site.objects.filter(pk__in=site_ids).select_related("root_page"):
        # From here on a new change needs a new run: this one may list too early.
        cache.delete(pending_key(site.pk))
        urls |= addresses.for_site(site)
    outcome = sender.purge(urls)
    logger.info(
        "Purged sites %s: %d copies dropped, %d not cached, %d failed",
        site_ids,
        outcome.purged,
        outcome.not_cached,
        len(outcome.failed),
    )
    return {
        "purged": outcome.purged,
        "not_cached": outcome.not_cached,
        "failed": len(outcome.failed),
    }
