"""One address per site: a request that reaches a site under another host name
(127.0.0.1 for localhost, example.fr for www.example.fr, a server's IP address)
is sent to the site's own host name.

Every URL the platform builds — page links, payment return addresses, email
links — comes from the site's ``Site`` row. A visitor left on an alias would be
sent to the other host half-way through: the browser refuses a form's redirect
to another origin (CSP ``form-action 'self'``) and the session cookie does not
follow. So the visitor moves to the site's host name first.

Host names are compared, not ports: behind a proxy the port the visitor used
is not the one the application listens on, and the redirect keeps the port the
visitor reached, so it never leads to a server that is not running.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.http.request import split_domain_port
from wagtail.models import Site

from rostra.csp import is_admin_path

# Probed by load balancers and monitoring under any address.
EXEMPT_PATHS = ("/_health/",)


def _hostname(host):
    return split_domain_port(host)[0].rstrip(".")


def is_on_site_hostname(request, site):
    """Whether the request names the site by its own host name."""
    return _hostname(request.get_host()) == site.hostname.lower().rstrip(".")


def _is_admin_host(request):
    # An admin served under a name of its own (WAGTAILADMIN_BASE_URL) stays there.
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    admin_host = base.partition("://")[2].split("/", 1)[0]
    return bool(admin_host) and _hostname(request.get_host()) == _hostname(admin_host)


def canonical_url(request):
    """The same address under the site's host name, or None when the request is
    there already or is not to be moved (a POST, a health probe, no site)."""
    if request.method not in ("GET", "HEAD") or request.path_info in EXEMPT_PATHS:
        return None
    if getattr(request, "is_dummy", False):
        return None  # Wagtail's preview, rendered inside an admin request
    site = Site.find_for_request(request)
    if site is None or is_on_site_hostname(request, site):
        return None
    if is_admin_path(request.path_info) and _is_admin_host(request):
        return None
    port = split_domain_port(request.get_host())[1]
    host = f"{site.hostname}:{port}" if port else site.hostname
    return f"{request.scheme}://{host}{request.get_full_path()}"


class CanonicalHostMiddleware:
    """Only GET and HEAD are moved: a form posted to an alias (or a webhook) is
    answered where it was sent rather than lost in a redirect. The redirect is
    temporary because sites' host names are edited in the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.ROSTRA_REDIRECT_TO_CANONICAL_HOST:
            target = canonical_url(request)
            if target is not None:
                return HttpResponseRedirect(target)
        return self.get_response(request)
