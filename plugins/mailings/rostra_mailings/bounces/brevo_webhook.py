"""Brevo's transactional webhook: what happened to each copy sent through
Brevo (rostra_mailings.transports.brevo), mounted at
``/_mailings/bounces/brevo/``.

Brevo does not sign its webhook calls; it authenticates them the way the
webhook is set up: a user name and password in the URL (HTTP basic
authentication), or a token sent as ``Authorization: Bearer``. Both are
accepted, against ``ROSTRA_BREVO_WEBHOOK_SECRET`` (the password or the token;
the user name is ``ROSTRA_BREVO_WEBHOOK_USER``, "brevo" by default), compared
in constant time. Without a secret set the webhook is off (404); a call
without the secret is refused (401) before its body is read: nothing is
stored.

Each event (one per call, or a list when Brevo batches them) names its copy
by the token sent in ``X-Mailin-custom``: ``hard_bounce`` and
``invalid_email`` are hard bounces, ``soft_bounce`` a soft one, ``spam`` a
complaint, ``unsubscribed`` a withdrawal of consent; other events (delivered,
opened, …) are ignored."""

import base64
import binascii
import hmac
import json

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from rostra_mailings.bounces import record, reports, verp
from rostra_mailings.transports.base import config

KINDS = {
    "hard_bounce": reports.HARD,
    "invalid_email": reports.HARD,
    "soft_bounce": reports.SOFT,
    "spam": reports.COMPLAINT,
    "unsubscribed": record.UNSUBSCRIBED,
}


def authorised(request, secret):
    """Whether the call carries the secret, as a bearer token or as basic
    authentication's password (with the configured user name)."""
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    scheme = scheme.lower()
    if scheme == "bearer":
        return hmac.compare_digest(given.strip().encode(), secret.encode())
    if scheme == "basic":
        try:
            decoded = base64.b64decode(given.strip(), validate=True).decode()
            user, _colon, password = decoded.partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        expected_user = config("ROSTRA_BREVO_WEBHOOK_USER", "brevo")
        # Both compared, whatever the first answer: no timing tells which failed.
        user_ok = hmac.compare_digest(user.encode(), expected_user.encode())
        password_ok = hmac.compare_digest(password.encode(), secret.encode())
        return user_ok and password_ok
    return False


def unauthorised():
    response = HttpResponse("authentication required", status=401, content_type="text/plain")
    response["WWW-Authenticate"] = 'Basic realm="rostra-bounces"'
    return response


@csrf_exempt
@require_POST
def webhook(request):
    secret = config("ROSTRA_BREVO_WEBHOOK_SECRET")
    if not secret:
        raise Http404
    if not authorised(request, secret):
        return unauthorised()
    try:
        data = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest("not JSON", content_type="text/plain")
    events = data if isinstance(data, list) else [data]
    recorded = 0
    for event in events:
        if not isinstance(event, dict):
            continue
        kind = KINDS.get(str(event.get("event", "")))
        if kind is None:
            continue
        copy = verp.copy_for(str(event.get("X-Mailin-custom", "")))
        if copy is None:
            continue
        record.apply(
            copy,
            kind,
            address=str(event.get("email", "")),
            detail=str(event.get("reason", "")),
            where="Brevo",
        )
        recorded += 1
    return HttpResponse(f"ok {recorded}", content_type="text/plain")
