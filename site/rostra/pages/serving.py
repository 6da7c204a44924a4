"""The request a page is being served for, for the links built where Django
and Wagtail hand over no request (menu and button blocks, template filters).

Wagtail builds a page's URL from the list of every site's root path. Given the
request, it keeps that list on the request; without one, each link fetches and
unpickles the whole list from the cache again, a cost that grows with the
number of candidate sites for every link of every page."""

import contextvars

from wagtail.models import Site

_request = contextvars.ContextVar("rostra_serving_request", default=None)


def begin(request):
    return _request.set(request)


def end(token):
    _request.reset(token)


class RequestMiddleware:
    """Remembers the request for the links Wagtail's admin builds without one
    (the page list's "View live" button: `page.url` on every listed page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = begin(request)
        try:
            return self.get_response(request)
        finally:
            end(token)


def current_request():
    return _request.get()


def page_url(page):
    """The page's URL as `{% pageurl %}` gives it: relative on the request's site.
    A bare `Page` (a menu link's target) is taken as its own type, without a
    query, so that it finds its site by the campaign pages' fast lookup."""
    return page.specific_deferred.get_url(_request.get())


def site_of(page, request=None):
    """The site the page belongs to (`Page.get_site()`), reusing the request's
    root paths and, when it is the same, the request's site."""
    request = request or _request.get()
    parts = page.specific_deferred.get_url_parts(request)
    if parts is None:
        return None
    site_id = parts[0]
    current = getattr(request, "_wagtail_site", None)
    if current is not None and current.pk == site_id:
        return current
    return Site.objects.get(id=site_id)


def active_locale():
    """The Locale of the active language (Wagtail's ``Locale.get_active()``),
    looked up once per request and language: Wagtail's ``page.localized`` looks
    it up on every call, which made a page's menu and brand links twelve
    queries. None when no Locale exists at all."""
    from django.utils import translation
    from wagtail.models import Locale

    request = _request.get()
    language = translation.get_language()
    kept = getattr(request, "_rostra_locales", None) if request is not None else None
    if kept is not None and language in kept:
        return kept[language]
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        locale = None
    if request is not None:
        if kept is None:
            kept = request._rostra_locales = {}
        kept[language] = locale
    return locale


def localized(page):
    """``page.localized`` with the request's active Locale: the live translation
    of the page in the active language, or the page itself."""
    locale = active_locale()
    if locale is None or locale.pk == page.locale_id:
        return page
    translated = page.get_translation_or_none(locale)
    return translated if translated is not None and translated.live else page


def translated_root(site, locale_id=None):
    """The site's home page in a language (the active one by default): each
    translation of the home page roots the page tree of its language."""
    root = site.root_page
    if locale_id is None:
        locale = active_locale()
        locale_id = locale.pk if locale is not None else root.locale_id
    if locale_id == root.locale_id:
        return root
    from wagtail.models import Page

    translated = Page.objects.filter(
        translation_key=root.translation_key, locale_id=locale_id
    ).first()
    return translated or root
