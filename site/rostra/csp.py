from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware


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


class PublicContentSecurityPolicyMiddleware(ContentSecurityPolicyMiddleware):
    """Django's Content-Security-Policy (SECURE_CSP) on every public response.

    The Wagtail admin is left to its own rules: it is not a public page and its
    editor widgets need styles and scripts the public policy forbids.
    """

    def process_response(self, request, response):
        if is_admin_path(request.path_info):
            return response
        return super().process_response(request, response)
