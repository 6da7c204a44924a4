"""The VERP return path: each copy leaves with the envelope sender
``bounces+<token>@<bounce domain>``, so a bounce comes back to an address that
names the copy it is about (a broadcast's recipient or an automation's step).

The token is the copy's kind and number with an HMAC of them under the site's
SECRET_KEY (Django's ``salted_hmac``), cut to 20 hex digits (80 bits): nobody
can write the token of a copy they did not receive, so nobody can make
someone else's address bounce. Lower case only: some mail servers fold the
local part's case.

``ROSTRA_BOUNCE_DOMAIN`` (Django setting or environment variable) turns it
on: the domain whose MX hands ``bounces+…`` to ``manage.py receive_bounce``
(or to the mailbox ``manage.py read_bounces`` reads). Without it, the
envelope sender is the From address, as before."""

import hmac
import re

from django.utils.crypto import salted_hmac

from rostra_mailings.transports.base import config

SALT = "rostra-mailings-verp"
LOCAL = "bounces"
#: A token wherever it is written: an address, a header, a provider's field.
TOKEN = re.compile(r"\b([ms][0-9]{1,18}-[0-9a-f]{20})\b", re.IGNORECASE)


def domain():
    return config("ROSTRA_BOUNCE_DOMAIN").strip().lower()


def _kind(row):
    from rostra_mailings.models import Recipient

    return "m" if isinstance(row, Recipient) else "s"


def _signature(name):
    return salted_hmac(SALT, name, algorithm="sha256").hexdigest()[:20]


def token_for(row):
    name = f"{_kind(row)}{row.pk}"
    return f"{name}-{_signature(name)}"


def address(token, bounce_domain=None):
    return f"{LOCAL}+{token}@{bounce_domain or domain()}"


def stamp(message, row, transport):
    """Give ``message`` its copy's return path, when the transport sets the
    envelope and a bounce domain is set; returns the copy's token ("" when
    nothing needs it: no HMAC per message then)."""
    bounce_domain = domain()
    if transport.sets_envelope and not bounce_domain:
        return ""
    token = token_for(row)
    if transport.sets_envelope:
        # The From header stays the sender's; Django takes the envelope
        # sender (MAIL FROM, later the Return-Path) from ``from_email``.
        message.extra_headers.setdefault("From", message.from_email)
        message.from_email = address(token, bounce_domain)
    return token


def copy_for(text):
    """The copy a token names (found anywhere in ``text``), or None: a token
    whose signature does not match names nothing."""
    from rostra_mailings.models import Recipient, StepMessage

    for found in TOKEN.finditer(text or ""):
        name, _dash, signature = found.group(1).lower().partition("-")
        if not hmac.compare_digest(signature, _signature(name)):
            continue
        model = Recipient if name[0] == "m" else StepMessage
        copy = model.objects.filter(pk=int(name[1:])).first()
        if copy is not None:
            return copy
    return None
