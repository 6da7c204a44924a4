from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware


def is_admin_path(path):
    return path.startswith(settings.ROSTRA_ADMIN_PREFIXES)


class PublicContentSecurityPolicyMiddleware(ContentSecurityPolicyMiddleware):
    """Django's Content-Security-Policy (SECURE_CSP) on every public response.

    The Wagtail admin is left to its own rules: it is not a public page and its
    editor widgets need styles and scripts the public policy forbids.
    """

    def process_response(self, request, response):
        if is_admin_path(request.path_info):
            return response
        return super().process_response(request, response)
