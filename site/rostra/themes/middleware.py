from wagtail.models import Site

from rostra import themes
from rostra.themes import choice


class SiteThemeMiddleware:
    """Activates the theme of the site a request is for (its branding setting)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site = Site.find_for_request(request)
        token = themes._active.set(choice.for_site(site))
        try:
            return self.get_response(request)
        finally:
            themes.deactivate(token)
