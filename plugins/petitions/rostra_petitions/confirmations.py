"""Confirmation emails, sent in batches by the task worker (docs/petitions.md,
"Signing").

A signing request stores the pending signature and nothing else: the signature
row is its own outbox (``confirmation_sent_at`` empty). ``schedule`` enqueues
one ``send_confirmations`` task per second at most (``cache.add``), and that
task sends every waiting email: it finds or creates the signers' person records
(the footer's unsubscribe link and "where your data came from" need them),
renders each message in the signer's language and sends them over one mail
connection, then marks them sent. Per signature this costs a fraction of what an
email task of its own did (its row, the worker's claim and result, a connection
per message).

Nothing is lost: rows are taken ``FOR UPDATE SKIP LOCKED`` in the transaction that
marks them sent, so a worker that dies mid-batch leaves them waiting (an email
may then go out twice, never not at all), and ``heal`` (called by count.json)
schedules a run again for emails left waiting by a lost task or a race.
"""

import datetime
import logging
import time

from django.core.cache import cache
from django.core.mail import mailers
from django.db import connection, transaction
from django.utils import timezone
from rostra.mail.sending import render_message, site_name_of
from rostra.people import api, signups
from rostra.people.models import SourceKind

from rostra_petitions import conf
from rostra_petitions.models import PetitionPage, Signature

logger = logging.getLogger(__name__)

_SCHEDULED_KEY = "petitions:confirmations-scheduled"
_HEAL_KEY = "petitions:confirmations-healed"
BATCH = 200
# A queued run starts this long after the signing that queued it, so that the
# signings of that second share it: with a run as soon as the worker was free,
# a rush made runs of a few emails each, and a run's own statements (claim the
# rows, find and create the people, mark them sent, the task's bookkeeping) cost
# more than its emails (cProfile of a worker under load: 8 emails per run).
GATHER_SECONDS = 1.0
# A run stops taking batches after this long and enqueues the next one, so that
# the counter's fold (a higher priority) never waits long behind emails.
TIME_BUDGET = 2.0


def schedule():
    """Make sure a run is queued for the emails waiting now. Called once the
    signature is stored: a run queued before this reads it when it starts, and
    one that started already dropped the key, so this call queues the next.
    One run waits in the queue at most, and starts a second later
    (GATHER_SECONDS)."""
    if cache.add(_SCHEDULED_KEY, 1, 10):
        try:
            from rostra_petitions import tasks

            tasks.enqueue_after(tasks.send_confirmations, GATHER_SECONDS)
        except Exception:  # the next signing or heal schedules it again: signing goes on
            logger.exception("could not schedule confirmation emails")
            cache.delete(_SCHEDULED_KEY)


def waiting():
    """Signatures whose confirmation email has not gone out yet."""
    oldest = timezone.now() - datetime.timedelta(days=conf.get("CONFIRMATION_DAYS"))
    return Signature.objects.filter(
        confirmation_sent_at__isnull=True,
        source=Signature.Source.ONLINE,
        state__in=[Signature.State.PENDING, Signature.State.FRAUDULENT],
        validated_at__isnull=True,
        anonymised_at__isnull=True,
        created_at__gte=oldest,
    )


def heal():
    """Called by count.json (at most once a minute): emails left waiting by a lost
    task (the worker was killed) are scheduled again."""
    if not cache.add(_HEAL_KEY, 1, 60):
        return
    stale = timezone.now() - datetime.timedelta(seconds=30)
    if waiting().filter(created_at__lt=stale).exists():
        cache.delete(_SCHEDULED_KEY)
        schedule()


def send_waiting(*, batch=BATCH, budget=TIME_BUDGET):
    """Send waiting confirmation emails, batch after batch, for about ``budget``
    seconds. Returns how many were sent; enqueues a next run if some wait still."""
    cache.delete(_SCHEDULED_KEY)  # from now on a signing queues the next run
    started = time.monotonic()
    sent = 0
    while True:
        done, full = _send_batch(batch)
        sent += done
        if not full:
            return sent
        if time.monotonic() - started > budget:
            schedule()
            return sent


def _send_batch(size):
    """(emails sent, whether the batch was full)."""
    with transaction.atomic():
        rows = list(waiting().select_for_update(skip_locked=True).order_by("pk")[:size])
        if not rows:
            return 0, False
        petitions = _petitions({row.petition_id for row in rows})
        people = _people(rows, petitions)
        messages = []
        now = timezone.now()
        # The name each site signs its emails with: one cache read per site and
        # batch instead of one per email.
        site_names = {}
        translations = {}
        for row in rows:
            petition = petitions.get(row.petition_id)
            row.person = people.get(row.email_canonical)
            row.confirmation_sent_at = now
            if petition is not None:
                # The email names and links the page in the signer's language:
                # the translation they signed (counted with its original).
                key = (row.petition_id, row.language)
                if key not in translations:
                    translations[key] = petition.translation_in(row.language)
                petition = translations[key]
                site = petition.get_site()
                if site not in site_names:
                    site_names[site] = site_name_of(site)
                messages.append(_message(petition, row, site_names[site]))
        _mark_sent(rows, now)
        # Sent inside the transaction: if the mail server refuses them all (it is
        # down), nothing is marked sent and they are tried again later.
        sent = _send(messages)
    return sent, len(rows) == size


def _mark_sent(rows, now):
    """Each row's person and the time its email went, in one statement. On
    PostgreSQL an ``UPDATE … FROM unnest(…)``: building bulk_update's ``CASE``
    of one branch per row cost more CPU than the rows' emails' headers."""
    if connection.vendor != "postgresql":
        Signature.objects.bulk_update(rows, ["person", "confirmation_sent_at"])
        return
    table = connection.ops.quote_name(Signature._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            # Only the model's own table name is interpolated.
            f"UPDATE {table} AS s SET person_id = v.person, confirmation_sent_at = %s "  # noqa: S608
            "FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, person) WHERE s.id = v.id",
            [now, [row.pk for row in rows], [row.person_id for row in rows]],
        )


def _send(messages):
    """Send over one connection; a message refused alone is logged and not tried
    again (as a failed email task was not), all refused raises."""
    if not messages:
        return 0
    connection = mailers.default
    connection.open()
    sent, failures = 0, []
    try:
        for message in messages:
            try:
                sent += connection.send_messages([message]) or 0
            except Exception as error:
                failures.append(error)
                logger.exception("confirmation email to %s refused", message.to)
    finally:
        connection.close()
    if failures and not sent:
        raise failures[0]
    return sent


def _petitions(ids):
    found = {}
    for petition in PetitionPage.objects.filter(pk__in=ids):
        found[petition.pk] = petition
    return found


def _people(rows, petitions):
    """{canonical email: person} for these signers: found (by address or alias),
    or created with what they typed, a few statements for the whole batch. An
    existing record is not changed until the address is confirmed."""
    people = signups.find_many(row.email for row in rows)
    by_petition = {}
    for row in rows:
        if row.email_canonical not in people and row.petition_id in petitions:
            by_petition.setdefault(row.petition_id, []).append(row)
    for petition_id, new in by_petition.items():
        petition = petitions[petition_id]
        entries = [
            {
                "email": row.email,
                "first_name": row.first_name,
                "last_name": row.last_name,
                "postcode": row.postcode,
                "country": row.country,
                "language": row.language,
            }
            for row in new
        ]
        people.update(
            signups.find_or_create_many(
                entries,
                site=petition.get_site(),
                source=api.Source(SourceKind.PAGE, petition.get_full_url() or petition.url_path),
            )
        )
    return people


def _message(petition, signature, site_name):
    from rostra_petitions.signing import confirm_url

    site = petition.get_site()
    return render_message(
        "petitions/confirm",
        to=signature.email,
        language=signature.language,
        person=signature.person,
        purpose="petition_updates",
        site=site,
        site_name=site_name,
        context={
            "first_name": signature.first_name,
            "petition_title": petition.title,
            "confirm_url": confirm_url(petition, signature),
            "days": conf.get("CONFIRMATION_DAYS"),
        },
    )
