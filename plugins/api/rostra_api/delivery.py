"""Sending one webhook: signed the Standard Webhooks way, to an address
checked against server-side request forgery when the subscription is saved
and again at each delivery (a name may resolve elsewhere by then: DNS
rebinding), connecting to the very address that was checked."""

import http.client
import ipaddress
import json
import socket
import ssl
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from standardwebhooks.webhooks import Webhook

TIMEOUT = 10  # seconds, connect and read


class Refused(Exception):
    """The endpoint may not be called (its address, its scheme)."""


def is_public(address):
    ip = ipaddress.ip_address(address)
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local)


def resolve(url, *, allow_private):
    """(scheme, host, port, path, address to connect to), or Refused."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise Refused(_("The endpoint must be an https:// address."))
    if parts.scheme == "http" and not allow_private:
        raise Refused(_("The endpoint must be an https:// address."))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(_("The endpoint’s name does not resolve.")) from error
    addresses = [info[4][0] for info in found]
    if not allow_private and not all(is_public(address) for address in addresses):
        raise Refused(_("The endpoint resolves to a private, loopback or link-local address."))
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return parts.scheme, parts.hostname, port, path, addresses[0]


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to the checked address, with the name for SNI and the certificate."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def signed_headers(secret, event_id, body, now=None):
    timestamp = datetime.fromtimestamp(now or time.time(), tz=UTC)
    signature = Webhook(secret).sign(event_id, timestamp, body)
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
    }


def post(subscription, event):
    """POST the event; the response's status code (raises Refused or OSError)."""
    scheme, host, port, path, address = resolve(
        subscription.url, allow_private=subscription.allow_private
    )
    body = json.dumps(
        {
            "id": event.id,
            "type": event.kind,
            "timestamp": event.created_at.isoformat(),
            "data": event.payload,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    if scheme == "https":
        connection = _PinnedHTTPS(host, port, address, timeout=TIMEOUT)
    else:
        connection = http.client.HTTPConnection(address, port, timeout=TIMEOUT)
    headers = signed_headers(subscription.secret, event.id, body)
    headers["host"] = host if port in (80, 443) else f"{host}:{port}"
    headers["user-agent"] = "Rostra-Webhooks/1"
    try:
        connection.request("POST", path, body=body.encode(), headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()
