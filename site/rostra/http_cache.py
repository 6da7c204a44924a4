"""Shared caching of public pages by the reverse proxy (nginx in production).

Django decides what may be shared: an anonymous GET whose response carries no
cookie, no CSRF token and no flash message. Such a response gets
``Cache-Control: public, max-age=0, s-maxage=N``: nginx keeps it N seconds,
browsers revalidate every time, so a purge on publish reaches every visitor at
once. Everything else is marked private. See docs/deployment.md.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

from rostra.csp import is_admin_path

# Query parameters that do not change a page's content for anyone (pagination
# is part of the cache key; campaign tracking parameters make a page uncacheable
# so a refcode always reaches the server).
_CACHEABLE_QUERY_PARAMETERS = {"page"}


def is_shareable(request, response):
    if request.method not in ("GET", "HEAD") or response.status_code not in (200, 301, 404):
        return False
    if is_admin_path(request.path_info) or getattr(request, "is_preview", False):
        return False
    if set(request.GET) - _CACHEABLE_QUERY_PARAMETERS:
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
    return not (messages is not None and messages.used)


class PublicPageCacheMiddleware:
    """Placed before the session, locale and CSRF middleware so that it sees the
    response as they leave it (their cookies and Vary headers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        seconds = settings.ROSTRA_PAGE_CACHE_SECONDS
        if seconds and is_shareable(request, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
            # Content depends on host, path and ?page= only (the language is in
            # the path): a Vary on Cookie or Accept-Language would split the proxy
            # cache into variants a purge cannot reach.
            del response["Vary"]
        elif not response.has_header("Cache-Control") and not is_admin_path(request.path_info):
            patch_cache_control(response, private=True, no_cache=True)
        return response
