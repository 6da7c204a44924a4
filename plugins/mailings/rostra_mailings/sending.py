"""Sending a mailing exactly once to each recipient.

``start`` writes one ``Recipient`` row per person of the audience, in the
transaction that marks the mailing as sending. Each batch (``send_batch``) then
claims queued rows and sends them inside one transaction:

- on PostgreSQL with ``SELECT … FOR UPDATE SKIP LOCKED``: two workers take
  different rows, and a row being sent is invisible to the other;
- on SQLite every transaction is IMMEDIATE (rostra.settings.base): a batch
  holds the database's write lock from its first statement, so batches run one
  after the other and each reads what the previous one committed.

A row is marked sent in the transaction that sent it. A worker killed mid-batch
rolls the whole batch back: its rows are queued again and sent by the next run,
with the same ``Message-ID`` (``Recipient.message_id``), so a receiver that got
the copy the dead worker handed over sees the same message. With the outbox
(demo, tests) the message is written in that same transaction: exactly once.

Temporary failures (SMTP 4xx, HTTP 429/5xx, the relay unreachable) leave the
row queued for a later try, with a growing delay; permanent ones (SMTP 5xx, an
address the provider calls invalid) mark it bounced and the address
undeliverable (rostra_mailings.transports).
"""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from rostra.people.models import Person
from rostra.worker.queueing import with_commit

from rostra_mailings import ab, audience
from rostra_mailings.models import Mailing, MailingSettings, Recipient
from rostra_mailings.rendering import Renderer, consents_of
from rostra_mailings.transports import handover

#: Tries of a copy that keeps failing temporarily before it is given up.
MAX_ATTEMPTS = 6


class NotSendable(Exception):
    pass


def backoff(attempts):
    """Delay before the next try of a temporary failure: 1, 2, 4, … 32 minutes."""
    return datetime.timedelta(minutes=2 ** (attempts - 1))


def start(mailing, user, *, enqueue=True, scheduled=False):
    """Queue the mailing's copies for its audience as ``user`` may send it, and
    start the background sending (unless ``enqueue`` is False: the caller sends
    the batches itself). Returns how many copies were queued.

    ``scheduled``: the mailing is one scheduled earlier, now due (the
    ``start_scheduled`` task); otherwise it must be a draft."""
    if user is None or not user.is_active or not user.has_perm("mailings.send"):
        raise NotSendable("permission")
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if scheduled:
            due = mailing.send_at is not None and mailing.send_at <= timezone.now()
            if mailing.status != Mailing.Status.SCHEDULED or not due:
                raise NotSendable("status")
        elif mailing.status != Mailing.Status.DRAFT:
            raise NotSendable("status")
        from rostra_mailings import approval

        approval.check(mailing, user)  # a second approver, where the site asks for one
        mailing.status = Mailing.Status.SENDING
        mailing.sent_by = user
        mailing.started_at = timezone.now()
        mailing.save(update_fields=["status", "sent_by", "started_at"])
        people = audience.people(mailing, user)
        if mailing.subject_test:
            # A sample gets subjects A and B; the rest wait for the winner.
            ids = people.values_list("pk", flat=True).order_by("pk")
            rows = ab.rows(mailing, ids.iterator(chunk_size=CHUNK), ids.count())
            mailing.ab_decide_at = mailing.started_at + datetime.timedelta(
                hours=mailing.ab_wait_hours
            )
            mailing.save(update_fields=["ab_decide_at"])
            with_commit(lambda: _enqueue_pick(mailing.pk, mailing.ab_decide_at))
            queued = _write_rows(rows)
        else:
            queued = _write_recipients(mailing, people)
    if enqueue:
        with_commit(lambda: _enqueue(mailing.pk))
    return queued


def _enqueue_pick(mailing_id, when):
    from rostra_mailings.tasks import pick_winner

    task = pick_winner
    if task.get_backend().supports_defer:
        task = task.using(run_after=when)
    # Where the queue cannot wait (tests, a single process) it runs now and
    # finds the wait not over: the test runs it again later.
    task.enqueue(mailing_id=mailing_id)


def schedule(mailing, user, when):
    """Make a draft start at ``when``, sent as ``user`` (checked again then).
    The audience is the one of that moment. Until then, ``unschedule`` makes it
    a draft again. The task that starts it is stored with the change."""
    if user is None or not user.is_active or not user.has_perm("mailings.send"):
        raise NotSendable("permission")
    from rostra_mailings import approval

    if approval.needed(mailing):
        # Approved, it starts at once: a later start would need a second look.
        raise NotSendable("approval")
    with transaction.atomic():
        changed = Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.DRAFT).update(
            status=Mailing.Status.SCHEDULED, send_at=when, sent_by=user
        )
        if not changed:
            raise NotSendable("status")
        with_commit(lambda: _enqueue_start(mailing.pk, when))


def unschedule(mailing):
    """A scheduled mailing back to a draft, if it has not started yet (the task
    that starts it locks the row: this waits for it, then finds it sending)."""
    return bool(
        Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SCHEDULED).update(
            status=Mailing.Status.DRAFT, send_at=None, sent_by=None
        )
    )


def _enqueue_start(mailing_id, when):
    from rostra_mailings.tasks import start_scheduled

    task = start_scheduled
    if task.get_backend().supports_defer:
        task = task.using(run_after=when)
    # Where the queue cannot wait (tests, a single process) it runs now and
    # finds the mailing not due yet: the test runs it again later.
    task.enqueue(mailing_id=mailing_id)


#: Rows written per INSERT when an A/B test's rows are made here.
CHUNK = 5000


def _write_rows(rows):
    """Write ``rows`` (Recipients, an A/B test's: each with its subject) in
    chunks; returns how many."""
    queued, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            queued += len(Recipient.objects.bulk_create(chunk, ignore_conflicts=True))
            chunk = []
    queued += len(Recipient.objects.bulk_create(chunk, ignore_conflicts=True))
    return queued


def _write_recipients(mailing, people):
    """One queued ``Recipient`` per person of ``people`` (a queryset), written by
    the database itself (INSERT … SELECT): a million-person audience never
    passes through this process, neither as rows nor as ids. Returns how many
    were written. Every other column gets the model field's default, so a
    field added later is filled in too."""
    fields = [
        field
        for field in Recipient._meta.concrete_fields
        if field.name not in ("id", "mailing", "person")
    ]
    quote = connection.ops.quote_name
    names = [quote(Recipient._meta.get_field(name).column) for name in ("mailing", "person")]
    names += [quote(field.column) for field in fields]
    values = [field.get_db_prep_save(field.get_default(), connection) for field in fields]
    ids = people.order_by().annotate(audience_person=F("pk")).values_list("audience_person")
    select, params = ids.query.sql_with_params()
    placeholders = ", ".join(["%s"] * len(values))
    # "WHERE true": SQLite reads "ON CONFLICT" after a bare FROM as a join's ON.
    # Names come from the model, the SELECT from Django's compiler; every value
    # is a parameter.
    table = quote(Recipient._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({', '.join(names)}) "  # noqa: S608
        f"SELECT %s, audience.audience_person, {placeholders} FROM ({select}) AS audience "
        "WHERE true ORDER BY audience.audience_person ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [mailing.pk, *values, *params])
        return cursor.rowcount


def _enqueue(mailing_id):
    from rostra_mailings.tasks import send_mailing

    send_mailing.enqueue(mailing_id=mailing_id)


def pause(mailing):
    return _switch(mailing, Mailing.Status.SENDING, Mailing.Status.PAUSED)


def resume(mailing):
    resumed = _switch(mailing, Mailing.Status.PAUSED, Mailing.Status.SENDING)
    if resumed:
        with_commit(lambda: _enqueue(mailing.pk))
    return resumed


def cancel(mailing):
    with transaction.atomic():
        changed = Mailing.objects.filter(
            pk=mailing.pk, status__in=[Mailing.Status.SENDING, Mailing.Status.PAUSED]
        ).update(status=Mailing.Status.CANCELLED, finished_at=timezone.now())
        if changed:
            # Rows a batch is sending right now are locked: this waits for it,
            # then leaves what it sent as sent.
            Recipient.objects.filter(
                mailing=mailing, status__in=[Recipient.Status.QUEUED, Recipient.Status.HELD]
            ).update(status=Recipient.Status.CANCELLED)
    return bool(changed)


def _switch(mailing, old, new):
    return bool(Mailing.objects.filter(pk=mailing.pk, status=old).update(status=new))


@dataclass
class Batch:
    sent: int = 0
    left: bool = True  # queued rows remain (maybe not due yet)
    due: bool = True  # some are due now
    stopped: bool = False  # paused, cancelled, finished


def send_batch(mailing_id, size=None, now=None):
    """Claim and send one batch of the mailing's due copies."""
    now = now or timezone.now()
    with transaction.atomic():
        mailing = Mailing.objects.select_related("site", "sent_by").filter(pk=mailing_id).first()
        if mailing is None or mailing.status != Mailing.Status.SENDING:
            return Batch(left=False, due=False, stopped=True)
        size = size or MailingSettings.for_site(mailing.site).batch_size
        rows = list(
            Recipient.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(mailing=mailing, status=Recipient.Status.QUEUED, next_attempt_at__lte=now)
            .order_by("pk")[:size]
        )
        if not rows:
            return _nothing_due(mailing, now)
        _send(mailing, rows, now)
    return Batch(sent=sum(row.status == Recipient.Status.SENT for row in rows))


def _nothing_due(mailing, now):
    queued = Recipient.objects.filter(mailing=mailing, status=Recipient.Status.QUEUED)
    if queued.exists():
        return Batch(due=False)
    if Recipient.objects.filter(mailing=mailing, status=Recipient.Status.HELD).exists():
        # An A/B test's sample is out; the rest waits for the winner
        # (rostra_mailings.ab.decide queues this task again).
        return Batch(left=False, due=False, stopped=True)
    Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SENDING).update(
        status=Mailing.Status.SENT, finished_at=now
    )
    return Batch(left=False, due=False, stopped=True)


def _send(mailing, rows, now):
    ids = [row.person_id for row in rows]
    # Checked again now: consent withdrawn since the start, an address that
    # bounced for another mailing, the sender's territory.
    allowed = set(audience.people(mailing, mailing.sent_by).filter(pk__in=ids).values_list("pk"))
    allowed = {pk for (pk,) in allowed}
    people = Person.objects.in_bulk(ids)
    consents = consents_of(ids, mailing.purpose)
    renderers = {}

    def messages():
        for row in rows:
            person = people.get(row.person_id)
            if person is None or row.person_id not in allowed:
                row.status = Recipient.Status.SKIPPED
                continue
            key = (person.language, row.variant)
            renderer = renderers.get(key)
            if renderer is None:
                subject = mailing.subject_of(row.variant)
                renderer = renderers[key] = Renderer(mailing, person.language, subject=subject)
            yield row, person, renderer.message(row, person, consents.get(person.pk))

    hand_over(messages(), now)
    save_marks(Recipient, rows)


#: What ``hand_over`` marks on each copy.
MARKS = ("status", "attempts", "next_attempt_at", "sent_at", "error")


def save_marks(model, rows):
    """Save what ``hand_over`` marked, one UPDATE per distinct outcome. Nearly
    every copy of a batch ends the same way (sent, first try), so this is one
    statement where ``bulk_update`` wrote a CASE per row and field (the
    costliest part of a batch after building the messages)."""
    outcomes = {}
    for row in rows:
        outcome = tuple(getattr(row, field) for field in MARKS)
        outcomes.setdefault(outcome, []).append(row.pk)
    for outcome, ids in outcomes.items():
        model.objects.filter(pk__in=ids).update(**dict(zip(MARKS, outcome, strict=True)))


def hand_over(messages, now):
    """Send ``messages`` ([(row, person, message)]) through the transport the
    settings choose and mark each row; the caller saves the rows
    (rostra_mailings.transports.handover)."""
    handover.hand_over(messages, now, backoff=backoff, max_attempts=MAX_ATTEMPTS)
