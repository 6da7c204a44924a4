"""The visitor's address, for rate limits and abuse checks.

Behind nginx every request comes from nginx itself, so REMOTE_ADDR is the
proxy's address and one limit would hold for every visitor at once. nginx
writes the address it saw into a header (X-Real-IP in
deploy/nginx/rostra.conf.template) which it always overwrites, so a visitor
cannot choose it; ROSTRA_CLIENT_IP_HEADER names that header (production
default: X-Real-IP). Every form and limit of the core and the plugins reads
the address here.
"""

import ipaddress

from django.conf import settings


def _meta_key(header):
    """``X-Real-IP`` or ``HTTP_X_REAL_IP`` → ``HTTP_X_REAL_IP``."""
    key = header.strip().upper().replace("-", "_")
    return key if key.startswith("HTTP_") or key == "REMOTE_ADDR" else f"HTTP_{key}"


def client_ip(request):
    header = getattr(settings, "ROSTRA_CLIENT_IP_HEADER", "")
    if header:
        value = request.META.get(_meta_key(header), "")
        # A list (X-Forwarded-For): the last address is the one the trusted
        # proxy added; those before it are whatever the client sent.
        candidates = [part.strip() for part in value.split(",") if part.strip()]
        if candidates:
            try:
                return str(ipaddress.ip_address(candidates[-1]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR", "")
