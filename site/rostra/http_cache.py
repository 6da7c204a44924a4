"""Shared caching of public pages by the reverse proxy (nginx in production).

Django decides what may be shared: an anonymous GET whose response carries no
cookie, no CSRF token and no flash message. Such a response gets
``Cache-Control: public, max-age=0, s-maxage=N``: nginx keeps it N seconds,
browsers revalidate every time, so a purge on publish (rostra.cache_purge)
reaches every visitor at once. Everything else is marked private. See
docs/deployment.md.
"""

import re

from django.conf import settings
from django.utils.cache import patch_cache_control
from wagtail.models import Site

from rostra.cache_purge import generation
from rostra.canonical_host import is_on_site_hostname
from rostra.csp import is_admin_path

# The only query string a shared page may have: a later page of a list, written
# the way the site's own links write it, so the purge knows every key
# (NewsIndexPage.get_cached_paths). Anything else (campaign tracking
# parameters, ?page=1, ?page=02) is rendered for the visitor alone.
_SHAREABLE_QUERY = re.compile(r"(page=[1-9][0-9]{0,5})?")
# A "not found" page is kept briefly: it absorbs floods of one missing address,
# and no purge can list every address that does not exist.
NOT_FOUND_SECONDS = 60


def is_shareable(request, response):
    if request.method not in ("GET", "HEAD") or response.status_code not in (200, 301, 404):
        return False
    if is_admin_path(request.path_info) or getattr(request, "is_preview", False):
        return False
    query = request.META.get("QUERY_STRING", "")
    if not _SHAREABLE_QUERY.fullmatch(query) or query == "page=1":
        return False
    if response.has_header("Cache-Control") or response.cookies or response.streaming:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.COOKIES.get(
        settings.SESSION_COOKIE_NAME
    ):
        return False
    # Without a session cookie the visitor is anonymous: request.user is not
    # touched here, so the session is not loaded for nothing.
    messages = getattr(request, "_messages", None)
    if messages is not None and messages.used:
        return False
    return _on_canonical_host(request)


def _on_canonical_host(request):
    """Purges name the site's own host name: a copy stored under another name
    (example.fr for www.example.fr, an IP address) could never be purged."""
    site = Site.find_for_request(request)
    return site is not None and is_on_site_hostname(request, site)


class PublicPageCacheMiddleware:
    """Placed before the session, locale and CSRF middleware so that it sees the
    response as they leave it (their cookies and Vary headers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.ROSTRA_PAGE_CACHE_SECONDS
        # Read before anything of the page is: see rostra.cache_purge.generation.
        started_at = None
        if (
            seconds
            and settings.ROSTRA_PURGE_URLS
            and request.method in ("GET", "HEAD")
            and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        ):
            started_at = generation.current()
        response = self.get_response(request)
        if (
            seconds
            and is_shareable(request, response)
            and (started_at is None or generation.current() == started_at)
        ):
            if response.status_code == 404:
                seconds = min(seconds, NOT_FOUND_SECONDS)
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
            # Content depends on host, path and ?page= only (the language is in
            # the path): a Vary on Cookie or Accept-Language would split the proxy
            # cache into variants a purge cannot reach.
            del response["Vary"]
        elif not response.has_header("Cache-Control") and not is_admin_path(request.path_info):
            patch_cache_control(response, private=True, no_cache=True)
        return response
