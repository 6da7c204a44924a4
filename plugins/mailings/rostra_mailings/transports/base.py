"""What a transport is, and which one the settings choose.

A transport is opened once per batch, hands over each copy, and is closed:
with SMTP that is one connection per batch, not one per message. Whatever
the transport, a refusal is one of three kinds, and the batch treats them the
same way (rostra_mailings.transports.handover):

- ``Temporary``: this copy may go later (SMTP 4xx, HTTP 429 or 5xx);
- ``Permanent``: this address will never take it (SMTP 5xx to the recipient,
  an address the provider calls invalid): a bounce;
- ``Down``: the relay or the API is unreachable or refuses every copy (a key
  or a sender to fix): the rest of the batch waits too.

``ROSTRA_MAIL_TRANSPORT`` (Django setting or environment variable) chooses:
``mailer`` (the default: Django's ``MAILERS["default"]``, SMTP in production,
the outbox in the demo) or ``brevo``.
"""

import abc
import os

from django.conf import settings


class Refused(Exception):
    def __init__(self, code, text):
        super().__init__(f"{code} {text}")
        self.code = code
        self.text = text


class Temporary(Refused):
    """Try this copy again later."""


class Permanent(Refused):
    """This address will never take the copy: a bounce."""


class Down(Exception):
    """Nothing goes through now: the rest of the batch waits."""


def config(name, default=""):
    return getattr(settings, name, None) or os.environ.get(name, default)


class Transport(abc.ABC):
    """Opened once per batch; ``send`` raises one of the refusals above."""

    code = ""
    #: Whether the envelope sender can be set (the VERP return path): an HTTP
    #: provider uses its own, and reports bounces through its webhook.
    sets_envelope = True

    def open(self):  # noqa: B027 - nothing to open for a stateless transport
        """Connect; an error here leaves the whole batch for a later run."""

    def close(self):  # noqa: B027
        """Disconnect (errors of a dead connection are the caller's to ignore)."""

    @abc.abstractmethod
    def send(self, message, token=""):
        """Hand over ``message`` (a Django EmailMessage); ``token`` names the
        copy (rostra_mailings.bounces.verp) for a provider's webhook."""


def current():
    """The transport the settings choose."""
    from rostra_mailings.transports import brevo, mailer

    choices = {mailer.MailerTransport.code: mailer.MailerTransport, brevo.Brevo.code: brevo.Brevo}
    code = config("ROSTRA_MAIL_TRANSPORT", "mailer")
    if code not in choices:
        # A typo must not silently fall back to another way of sending.
        raise ValueError(f"ROSTRA_MAIL_TRANSPORT: unknown transport {code!r}")
    return choices[code]()
