"""Reading the bounce mailbox over IMAP (``manage.py read_bounces``): each
message is read (rostra_mailings.bounces.inbox) and then deleted, so a
message is never read twice; one that could not be recorded (the database
down) stays for the next run.

Settings (Django settings or environment variables): ``ROSTRA_BOUNCE_IMAP_HOST``,
``ROSTRA_BOUNCE_IMAP_PORT`` (993), ``ROSTRA_BOUNCE_IMAP_USER``,
``ROSTRA_BOUNCE_IMAP_PASSWORD``, ``ROSTRA_BOUNCE_IMAP_MAILBOX`` (INBOX).
Always over TLS: the mailbox holds people's addresses."""

import imaplib
import ssl

from django.db import DatabaseError

from rostra_mailings.bounces import inbox
from rostra_mailings.transports.base import config


class NotConfigured(Exception):
    pass


def connect():
    host = config("ROSTRA_BOUNCE_IMAP_HOST")
    if not host:
        raise NotConfigured("ROSTRA_BOUNCE_IMAP_HOST")
    port = int(config("ROSTRA_BOUNCE_IMAP_PORT", "993"))
    client = imaplib.IMAP4_SSL(host, port, ssl_context=ssl.create_default_context(), timeout=30)
    client.login(config("ROSTRA_BOUNCE_IMAP_USER"), config("ROSTRA_BOUNCE_IMAP_PASSWORD"))
    return client


def _ok(answer):
    status, data = answer
    if status != "OK":
        raise imaplib.IMAP4.error(f"IMAP: {status} {data!r}")
    return data


def read_mailbox(client, *, progress=None):
    """Read every message of the mailbox; returns {"read", "recorded", "kept"}."""
    mailbox = config("ROSTRA_BOUNCE_IMAP_MAILBOX", "INBOX")
    _ok(client.select(mailbox))
    numbers = (_ok(client.uid("SEARCH", None, "ALL"))[0] or b"").split()
    counts = {"read": 0, "recorded": 0, "kept": 0}
    for index, uid in enumerate(numbers, 1):
        data = _ok(client.uid("FETCH", uid, "(RFC822)"))
        raw = next((item[1] for item in data if isinstance(item, tuple)), None)
        if raw is None:
            continue
        try:
            outcome = inbox.receive(raw, where="IMAP bounce")
        except DatabaseError:
            counts["kept"] += 1
            continue
        counts["read"] += 1
        counts["recorded"] += len(outcome.recorded)
        _ok(client.uid("STORE", uid, "+FLAGS", "(\\Deleted)"))
        if progress is not None:
            progress(index, len(numbers))
    _ok(client.expunge())
    return counts
