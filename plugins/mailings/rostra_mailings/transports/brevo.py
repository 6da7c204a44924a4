"""Brevo (formerly Sendinblue, based in Paris): its transactional email API,
``POST https://api.brevo.com/v3/smtp/email`` with an ``api-key`` header and a
JSON body (``sender``, ``to``, ``replyTo``, ``subject``, ``htmlContent``,
``textContent``, ``headers``); it answers 201 with ``{"messageId": …}``, or
an error ``{"code": …, "message": …}``.

Each copy carries its token (rostra_mailings.bounces.verp) twice: in the
``X-Mailin-custom`` header, which Brevo hands back in every webhook event
about the message (rostra_mailings.bounces.brevo_webhook), and as the
``idempotencyKey``, so a copy tried again after a worker died is not sent a
second time. Brevo sets the envelope sender itself and reports bounces through
its webhook: no VERP here.

- 201: sent;
- 400 about the recipient's address: a bounce (Permanent);
- 429 (throttled), 401/403 (a key to fix), the API unreachable: the batch
  waits (Down); nothing is lost;
- 5xx and other 4xx: this copy is tried again later (Temporary), a few times.

``ROSTRA_BREVO_API_KEY`` holds the key. HTTP goes through a transport
function, which the tests replace: no test ever calls out."""

import json
from email.utils import parseaddr

from rostra_mailings.sms.providers import urllib_transport
from rostra_mailings.transports.base import Down, Permanent, Temporary, Transport, config

ENDPOINT = "https://api.brevo.com/v3/smtp/email"
#: Headers Brevo writes itself, from the body's fields.
OWN_HEADERS = {"from", "to", "cc", "bcc", "reply-to", "subject"}


def _party(address):
    name, email = parseaddr(str(address))
    return {"email": email, "name": name} if name else {"email": email}


def body_of(message, token=""):
    """The API's JSON body for a Django EmailMessage."""
    sender = message.extra_headers.get("From", message.from_email)
    alternatives = getattr(message, "alternatives", [])
    html = next((content for content, mimetype in alternatives if mimetype == "text/html"), None)
    headers = {
        name: str(value)
        for name, value in message.extra_headers.items()
        if name.lower() not in OWN_HEADERS
    }
    if token:
        headers["X-Mailin-custom"] = token
        headers["idempotencyKey"] = token
    body = {
        "sender": _party(sender),
        "to": [_party(address) for address in message.to],
        "subject": str(message.subject),
        "textContent": message.body,
        "headers": headers,
    }
    if html is not None:
        body["htmlContent"] = html
    if message.reply_to:
        body["replyTo"] = _party(message.reply_to[0])
    return body


def _error(raw):
    try:
        data = json.loads(raw)
        return str(data.get("code", "")), str(data.get("message", ""))[:200]
    except (ValueError, AttributeError, TypeError):
        text = raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)
        return "", text[:200]


def about_the_address(code, text):
    """Whether a 400 says the recipient's address is wrong (not the sender,
    the key or the content: those would bounce every copy)."""
    text = text.lower()
    return (
        code in ("invalid_parameter", "")
        and "email" in text
        and ("to" in text.split() or "recipient" in text)
        and "sender" not in text
    )


class Brevo(Transport):
    code = "brevo"
    sets_envelope = False

    def __init__(self, api_key="", transport=None):
        self.api_key = api_key or config("ROSTRA_BREVO_API_KEY")
        self.transport = transport or urllib_transport

    def send(self, message, token=""):
        headers = {
            "api-key": self.api_key,
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        payload = json.dumps(body_of(message, token)).encode()
        try:
            status, raw = self.transport("POST", ENDPOINT, headers, payload)
        except OSError as error:
            raise Down(f"Brevo unreachable: {error}") from error
        if 200 <= status < 300:
            return _message_id(raw)
        code, text = _error(raw)
        detail = f"{code}: {text}" if code else text
        if status == 400 and about_the_address(code, text):
            raise Permanent(status, detail)
        if status in (401, 403, 429):
            raise Down(f"Brevo {status} {detail}")
        raise Temporary(status, detail)


def _message_id(raw):
    try:
        return str(json.loads(raw).get("messageId", ""))
    except (ValueError, AttributeError, TypeError):
        return ""
