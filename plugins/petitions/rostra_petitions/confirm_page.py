"""The page a confirmation link opens (the button), rendered once per petition,
language and host and kept in the process, then filled per request with the
link's signature id, token and the visitor's CSRF token.

Every signer opens a link of their own, so the shared page cache cannot help,
and rendering the whole page (menus, footer, theme) cost about three times a
confirmation's POST: in a rush it was the confirmation path's slowest step
(docs/PERFORMANCE.md, "Petitions"). What the kept copy relies on is what the
signing snapshot is kept under (its token: pages, sites, branding, switches);
anything else the page shows is rendered again at most a minute later.
"""

import time

from django.middleware.csrf import get_token
from django.utils.translation import get_language

KEPT_SECONDS = 60
# Markers rendered in place of what differs per link: digits only for the id,
# as the URL pattern wants; the others cannot occur in a rendered page.
_SIGNATURE_ID = 987654321987654321
_LINK_TOKEN = "rostra-confirm-token-marker"  # noqa: S105 (a marker, not a secret)
_CSRF_TOKEN = "rostra-csrf-token-marker"  # noqa: S105

_kept = {}  # {(snapshot token, petition id, language, host): (content, headers, when)}


def render(page, request, snapshot, signature_id, token, render_page):
    """The button page for this link. ``render_page(signature_id, token,
    csrf_token)`` renders it whole (a TemplateResponse)."""
    if request.user.is_authenticated or snapshot.token is None:
        return render_page(signature_id, token, None)  # Wagtail's user bar, or nothing to key on
    key = (snapshot.token, page.pk, get_language(), request.get_host())
    kept = _kept.get(key)
    if kept is None or time.monotonic() - kept[2] > KEPT_SECONDS:
        response = render_page(_SIGNATURE_ID, _LINK_TOKEN, _CSRF_TOKEN)
        response.render()
        content = response.content.decode(response.charset)
        if _LINK_TOKEN not in content or _CSRF_TOKEN not in content:
            return render_page(signature_id, token, None)  # a template without the form
        if len(_kept) > 512:
            _kept.clear()
        kept = _kept[key] = (content, dict(response.headers), time.monotonic())
        response.content = _fill(content, signature_id, token, request)
        return response
    from django.http import HttpResponse

    content, headers, _ = kept
    response = HttpResponse(_fill(content, signature_id, token, request))
    for name, value in headers.items():
        if name.lower() != "content-length":
            response[name] = value
    return response


def _fill(content, signature_id, token, request):
    return (
        content.replace(str(_SIGNATURE_ID), str(signature_id))
        .replace(_LINK_TOKEN, token)
        .replace(_CSRF_TOKEN, get_token(request))
    )
