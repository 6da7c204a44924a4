"""The URLs under which nginx may hold a copy of a page or of a whole site.

nginx keys its copies by host and path (with ``?page=N`` for lists), so a
purge names every address a page is served at: on each site whose tree holds
it, in its language's prefix, plus the extra paths the page declares through
Wagtail's ``get_cached_paths`` (a news section's later pages).
"""

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Page, Site

# Site-wide addresses outside the page tree that show site content.
SITE_PATHS = ("/sitemap.xml", "/_brand.css")


def for_url_path(url_path, cached_paths=("/",)):
    """Every address of the page whose Wagtail ``url_path`` is given (also an
    old one, after a move), on every site whose tree holds it."""
    urls = set()
    for root in Site.get_site_root_paths():
        if not url_path.startswith(root.root_path):
            continue
        try:
            with translation.override(root.language_code):
                path = reverse("wagtail_serve", args=(url_path[len(root.root_path) :],))
        except NoReverseMatch:
            continue
        urls.update(root.root_url + path + extra.lstrip("/") for extra in cached_paths)
    return urls


def for_page(page):
    page = page.specific_deferred
    return for_url_path(page.url_path, page.get_cached_paths())


def for_page_and_ancestors(page):
    """The page and the pages above it (lists that show it, the home page)."""
    urls = for_page(page)
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific(defer=True):
        urls |= for_url_path(ancestor.url_path, ancestor.get_cached_paths())
    return urls


def site_ids_for_url_path(url_path):
    return {
        root.site_id for root in Site.get_site_root_paths() if url_path.startswith(root.root_path)
    }


def for_site(site):
    """Every address of every live page of the site, in every language, and the
    site-wide ones."""
    urls = {site.root_url + path for path in SITE_PATHS}
    for root in site.root_page.get_translations(inclusive=True):
        pages = Page.objects.live().descendant_of(root, inclusive=True).specific(defer=True)
        for page in pages:
            urls |= for_url_path(page.url_path, page.get_cached_paths())
    return urls
