"""SMS providers: what sends a text, and what reads the replies people send
(``STOP``) from the provider's signed webhook.

- ``LocalProvider`` (``local``, the default: the demo, development, tests)
  keeps each text in the SMS outbox (``SmsMessage``), in the transaction that
  marks the copy sent: exactly once. Its webhook is signed with an HMAC-SHA256
  of the body under a key derived from the site's SECRET_KEY
  (``X-Rostra-Signature``), so the demo and tests can reply STOP.
- ``MessageBirdProvider`` (``messagebird``): MessageBird (Bird), an SMS provider
  based in Amsterdam. Texts go through its REST API (``POST /messages``, an
  ``AccessKey`` header); incoming texts come to our webhook with a
  ``MessageBird-Signature-JWT`` header: a JSON Web Token signed (HS256) with the
  account's signing key, whose claims hold the SHA-256 of the URL called and of
  the body. Brevo and OVHcloud were considered: neither signs its SMS webhooks
  (a token or a password in the URL at best).

The provider is chosen by ``ROSTRA_SMS_PROVIDER`` (Django setting or
environment variable), with ``ROSTRA_SMS_ACCESS_KEY`` and
``ROSTRA_SMS_SIGNING_KEY``. HTTP goes through a transport function, which the
tests replace: no test ever calls out.
"""

import abc
import base64
import hashlib
import hmac
import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import salted_hmac

from rostra_mailings.sms import segments


class TemporaryFailure(Exception):
    """Try again later (the provider is down, busy, or refused for now)."""


class PermanentFailure(Exception):
    """This text will never go (a number the provider refuses)."""


class BadSignature(Exception):
    """A webhook call the provider did not sign."""


@dataclass(frozen=True)
class Outgoing:
    to: str  # E.164
    sender: str
    text: str
    reference: str  # the same for every try of a copy
    site_id: int | None = None


@dataclass(frozen=True)
class Incoming:
    number: str  # as the provider wrote it; normalised by the webhook
    text: str


def config(name, default=""):
    return getattr(settings, name, None) or os.environ.get(name, default)


def urllib_transport(method, url, headers, body, timeout=10):
    """(status, body) of one HTTP call."""
    # Only the provider classes' own https:// endpoints are called.
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Provider(abc.ABC):
    """An SMS provider: a provider that leaves a method out fails when it is
    made, not at its first text."""

    code = ""

    @abc.abstractmethod
    def send(self, message):
        """Hand ``message`` (an ``Outgoing``) over; returns the provider's id."""

    @abc.abstractmethod
    def incoming(self, request):
        """The texts a webhook call brings; BadSignature when it is not signed."""


class LocalProvider(Provider):
    code = "local"
    HEADER = "X-Rostra-Signature"

    def send(self, message):
        from rostra_mailings.sms.models import SmsMessage

        found = segments.count(message.text)
        kept, _created = SmsMessage.objects.get_or_create(
            reference=message.reference,
            defaults={
                "site_id": message.site_id,
                "to": message.to,
                "sender": message.sender,
                "text": message.text,
                "parts": found.parts,
                "encoding": found.encoding,
            },
        )
        return f"local-{kept.pk}"

    @staticmethod
    def signature(body):
        return salted_hmac("rostra-sms-local-webhook", body, algorithm="sha256").hexdigest()

    def incoming(self, request):
        given = request.headers.get(self.HEADER, "")
        if not given or not hmac.compare_digest(
            given.encode(), self.signature(request.body).encode()
        ):
            raise BadSignature
        try:
            data = json.loads(request.body)
            return [Incoming(number=str(data["from"]), text=str(data["text"]))]
        except (ValueError, KeyError, TypeError) as error:
            raise BadSignature from error


def _b64decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify_jwt(token, key, *, now=None, leeway=60):
    """The claims of an HS256 JSON Web Token signed with ``key``; BadSignature
    when it is not (any other algorithm is refused, "none" first)."""
    try:
        header_part, claims_part, signature_part = token.split(".")
        header = json.loads(_b64decode(header_part))
        claims = json.loads(_b64decode(claims_part))
        signature = _b64decode(signature_part)
    except (ValueError, TypeError) as error:
        raise BadSignature from error
    if not isinstance(header, dict) or header.get("alg") != "HS256" or not isinstance(claims, dict):
        raise BadSignature
    expected = hmac.new(
        key.encode(), f"{header_part}.{claims_part}".encode(), hashlib.sha256
    ).digest()
    if not key or not hmac.compare_digest(expected, signature):
        raise BadSignature
    now = time.time() if now is None else now
    try:
        if float(claims.get("nbf", now)) > now + leeway or float(claims["exp"]) < now - leeway:
            raise BadSignature
    except (KeyError, TypeError, ValueError) as error:
        raise BadSignature from error
    return claims


class MessageBirdProvider(Provider):
    code = "messagebird"
    ENDPOINT = "https://rest.messagebird.com/messages"
    HEADER = "MessageBird-Signature-JWT"

    def __init__(self, access_key="", signing_key="", transport=None):
        self.access_key = access_key or config("ROSTRA_SMS_ACCESS_KEY")
        self.signing_key = signing_key or config("ROSTRA_SMS_SIGNING_KEY")
        self.transport = transport or urllib_transport

    def send(self, message):
        body = {
            "originator": message.sender,
            "recipients": [message.to.lstrip("+")],
            "body": message.text,
            # We counted the parts in this alphabet: the provider must not pick another.
            "datacoding": "plain" if segments.is_gsm(message.text) else "unicode",
            "reference": message.reference,
        }
        headers = {
            "Authorization": f"AccessKey {self.access_key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        try:
            status, raw = self.transport("POST", self.ENDPOINT, headers, json.dumps(body).encode())
        except OSError as error:
            raise TemporaryFailure(f"unreachable: {error}") from error
        if status in (200, 201):
            try:
                return str(json.loads(raw)["id"])
            except (ValueError, KeyError, TypeError):
                return ""
        detail = f"{status} {_error_text(raw)}"
        if status == 429 or status >= 500 or status in (401, 403):
            # Throttled, down, or a key to fix: the copies wait, none is lost.
            raise TemporaryFailure(detail)
        raise PermanentFailure(detail)

    def incoming(self, request):
        claims = verify_jwt(request.headers.get(self.HEADER, ""), self.signing_key)
        if claims.get("iss") != "MessageBird":
            raise BadSignature
        url = request.build_absolute_uri()
        if not hmac.compare_digest(
            str(claims.get("url_hash", "")), hashlib.sha256(url.encode()).hexdigest()
        ):
            raise BadSignature
        if request.body or "payload_hash" in claims:
            payload_hash = hashlib.sha256(request.body).hexdigest()
            if not hmac.compare_digest(str(claims.get("payload_hash", "")), payload_hash):
                raise BadSignature
        data = _fields(request)
        number = data.get("originator", "")
        text = data.get("body", data.get("payload", data.get("message", "")))
        return [Incoming(number=str(number), text=str(text))] if number else []


def _fields(request):
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return {**request.GET.dict(), **request.POST.dict()}


def _error_text(raw):
    try:
        errors = json.loads(raw).get("errors") or []
        return "; ".join(str(error.get("description", "")) for error in errors)[:200]
    except (ValueError, AttributeError, TypeError):
        return raw[:200].decode(errors="replace") if isinstance(raw, bytes) else str(raw)[:200]


PROVIDERS = {LocalProvider.code: LocalProvider, MessageBirdProvider.code: MessageBirdProvider}


def current():
    """The provider the settings choose (the test provider by default)."""
    return PROVIDERS.get(config("ROSTRA_SMS_PROVIDER", "local"), LocalProvider)()


def local_in_use():
    return isinstance(current(), LocalProvider)
