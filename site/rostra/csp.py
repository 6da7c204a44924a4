"""Content-Security-Policy: Django's (SECURE_CSP) on public pages, a policy of
its own (ROSTRA_ADMIN_CSP) on the Wagtail admin."""

from django.conf import settings
from django.middleware import csp
from django.utils.csp import CSP


def is_admin_path(path):
    return path.startswith(settings.ROSTRA_ADMIN_PREFIXES)


def allow_form_targets(response, *origins):
    """Let the page's forms lead to these other origins (a payment provider's
    hosted page). Browsers check ``form-action`` on every redirect that follows
    a form's submission, so a form posted to the site itself and redirected to
    the provider is refused unless the provider is named here."""
    if not origins:
        return response
    policy = getattr(response, "_csp_config", None) or settings.SECURE_CSP
    targets = list(policy.get("form-action", []))
    targets += [origin for origin in origins if origin not in targets]
    response._csp_config = {**policy, "form-action": targets}
    return response


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """SECURE_CSP on every public response, ROSTRA_ADMIN_CSP on the admin's.

    The admin's editor widgets need inline styles and a few things the public
    policy forbids; it still loads nothing from another host and cannot be
    framed by another site.
    """

    def process_response(self, request, response):
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview through the middleware under the page's
            # own address: the page's policy (what visitors will get), except
            # that the admin's preview panel may frame it.
            policy = getattr(response, "_csp_config", None) or settings.SECURE_CSP
            response._csp_config = {**policy, "frame-ancestors": [CSP.SELF]}
        elif is_admin_path(request.path_info) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ROSTRA_ADMIN_CSP
        return super().process_response(request, response)
