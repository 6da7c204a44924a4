"""Handing a batch of copies to the transport, and marking each row.

One transport opened per batch (one SMTP connection for the whole batch).
Temporary refusals are tried again later with a growing delay, a few
times; permanent ones mark the copy bounced and the address
undeliverable; when the relay is down the rest of the batch waits too."""

import contextlib

from rostra.people.canonical import canonical_email

from rostra_mailings.bounces import verp
from rostra_mailings.models import Copy, Undeliverable
from rostra_mailings.transports import base


def hand_over(messages, now, *, backoff, max_attempts):
    """Send ``messages`` ([(row, person, message)]) and mark each row
    (``status``, ``attempts``, ``next_attempt_at``, ``sent_at``, ``error``: a
    broadcast's recipient or an automation's step); the caller saves the rows.
    Addresses refused for good are recorded as undeliverable. ``backoff``
    (tries → delay) and ``max_attempts`` are rostra_mailings.sending's."""
    transport = base.current()
    bounced = []
    down = None
    try:
        try:
            transport.open()
        except base.Down as error:
            down = str(error)[:255]
        for row, person, message in messages:
            if down is not None:
                # The relay is down: the rest of the batch waits too.
                row.next_attempt_at, row.error = now + backoff(1), down
                continue
            row.attempts += 1
            token = verp.stamp(message, row, transport)
            try:
                transport.send(message, token)
            except base.Temporary as refusal:
                row.error = f"{refusal.code} {refusal.text}"[:255]
                if row.attempts < max_attempts:
                    row.next_attempt_at = now + backoff(row.attempts)
                else:
                    row.status = Copy.Status.FAILED
            except base.Permanent as refusal:
                row.error = f"{refusal.code} {refusal.text}"[:255]
                row.status = Copy.Status.BOUNCED
                bounced.append(
                    Undeliverable(
                        person=person,
                        email_canonical=person.email_canonical or canonical_email(person.email),
                        reason=Undeliverable.Reason.BOUNCE,
                        detail=row.error,
                    )
                )
            except base.Down as error:
                down = str(error)[:255]
                row.next_attempt_at, row.error = now + backoff(1), down
            else:
                row.status, row.sent_at, row.error = Copy.Status.SENT, now, ""
    finally:
        with contextlib.suppress(Exception):  # closing a dead connection
            transport.close()
    Undeliverable.objects.bulk_create(bounced, ignore_conflicts=True)
