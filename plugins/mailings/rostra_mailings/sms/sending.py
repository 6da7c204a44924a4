"""Sending an SMS broadcast exactly once to each recipient, as mailings are
sent (rostra_mailings.sending): ``start`` writes one ``SmsRecipient`` row per
person of the audience with the transaction that marks the broadcast as
sending; each batch claims queued rows (``SELECT … FOR UPDATE SKIP LOCKED``
on PostgreSQL, one writer at a time on SQLite) and marks them in the
transaction that hands them to the provider. The test provider keeps each
text in that same transaction; a worker killed mid-batch rolls its rows back
to queued, and the next run sends them with the same reference.

Outside the site's quiet hours (rostra_mailings.sms.quiet) a batch sends
nothing and says when the hours open. A provider that fails for now (down,
throttling) leaves the batch's remaining copies queued for a later try; a
number it refuses for good is marked bounced."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from rostra.people.models import Person
from rostra.sitesettings.names import site_name
from rostra.worker.queueing import with_commit

from rostra_mailings.sending import MAX_ATTEMPTS, Batch, NotSendable, backoff
from rostra_mailings.sms import audience, providers, quiet
from rostra_mailings.sms.models import SmsBroadcast, SmsRecipient, SmsSettings
from rostra_mailings.sms.text import Template

CHUNK = 5000
Status = SmsBroadcast.Status


@dataclass
class SmsBatch(Batch):
    until: object = None  # quiet hours: the next opening


def start(broadcast, user, *, enqueue=True):
    """Queue the broadcast's copies for its audience as ``user`` may send it,
    and start the background sending. Returns how many copies were queued."""
    if not user.has_perm("mailings.send"):
        raise NotSendable("permission")
    with transaction.atomic():
        broadcast = SmsBroadcast.objects.select_for_update().get(pk=broadcast.pk)
        if broadcast.status != Status.DRAFT:
            raise NotSendable("status")
        broadcast.status, broadcast.sent_by = Status.SENDING, user
        broadcast.started_at = timezone.now()
        broadcast.save(update_fields=["status", "sent_by", "started_at"])
        rows = audience.people(broadcast, user).values_list("pk", "sms_number").order_by("pk")
        queued, chunk = 0, []
        for person_id, number in rows.iterator(chunk_size=CHUNK):
            chunk.append(SmsRecipient(broadcast=broadcast, person_id=person_id, phone=number))
            if len(chunk) == CHUNK:
                queued += len(SmsRecipient.objects.bulk_create(chunk, ignore_conflicts=True))
                chunk = []
        queued += len(SmsRecipient.objects.bulk_create(chunk, ignore_conflicts=True))
    if enqueue:
        with_commit(lambda: enqueue_sending(broadcast.pk))
    return queued


def enqueue_sending(broadcast_id, run_after=None):
    from rostra_mailings.sms.tasks import send_sms

    task = send_sms
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return None  # an inline queue cannot wait: the next start or resume sends
        task = task.using(run_after=run_after)
    return task.enqueue(broadcast_id=broadcast_id)


def pause(broadcast):
    return bool(
        SmsBroadcast.objects.filter(pk=broadcast.pk, status=Status.SENDING).update(
            status=Status.PAUSED
        )
    )


def resume(broadcast):
    resumed = SmsBroadcast.objects.filter(pk=broadcast.pk, status=Status.PAUSED).update(
        status=Status.SENDING
    )
    if resumed:
        with_commit(lambda: enqueue_sending(broadcast.pk))
    return bool(resumed)


def cancel(broadcast):
    with transaction.atomic():
        changed = SmsBroadcast.objects.filter(
            pk=broadcast.pk, status__in=[Status.SENDING, Status.PAUSED]
        ).update(status=Status.CANCELLED, finished_at=timezone.now())
        if changed:
            # Rows a batch is sending now are locked: this waits for it.
            SmsRecipient.objects.filter(
                broadcast=broadcast, status=SmsRecipient.Status.QUEUED
            ).update(status=SmsRecipient.Status.CANCELLED)
    return bool(changed)


def send_batch(broadcast_id, size=None, now=None, provider=None):
    """Claim and send one batch of the broadcast's due copies."""
    now = now or timezone.now()
    with transaction.atomic():
        broadcast = (
            SmsBroadcast.objects.select_related("site", "sent_by").filter(pk=broadcast_id).first()
        )
        if broadcast is None or broadcast.status != Status.SENDING:
            return SmsBatch(left=False, due=False, stopped=True)
        settings = SmsSettings.for_site(broadcast.site)
        if not quiet.is_open(settings, now):
            return SmsBatch(due=False, until=quiet.next_opening(settings, now))
        rows = list(
            SmsRecipient.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                broadcast=broadcast, status=SmsRecipient.Status.QUEUED, next_attempt_at__lte=now
            )
            .order_by("pk")[: size or settings.batch_size]
        )
        if not rows:
            return _nothing_due(broadcast, now)
        _send(broadcast, settings, rows, now, provider or providers.current())
    return SmsBatch(sent=sum(row.status == SmsRecipient.Status.SENT for row in rows))


def _nothing_due(broadcast, now):
    if SmsRecipient.objects.filter(broadcast=broadcast, status=SmsRecipient.Status.QUEUED).exists():
        return SmsBatch(due=False)
    SmsBroadcast.objects.filter(pk=broadcast.pk, status=Status.SENDING).update(
        status=Status.SENT, finished_at=now
    )
    return SmsBatch(left=False, due=False, stopped=True)


def _send(broadcast, settings, rows, now, provider):
    ids = [row.person_id for row in rows]
    # Checked again now: consent withdrawn (a STOP) since the start, the number
    # changed or gone, the sender's territory.
    numbers = dict(
        audience.people(broadcast, broadcast.sent_by)
        .filter(pk__in=ids)
        .values_list("pk", "sms_number")
    )
    people = Person.objects.in_bulk(list(numbers))
    template = Template(broadcast.text)
    sender_name = site_name(broadcast.site)
    for index, row in enumerate(rows):
        person = people.get(row.person_id)
        if person is None:
            row.status = SmsRecipient.Status.SKIPPED
            continue
        row.phone = numbers[row.person_id]
        row.attempts += 1
        message = providers.Outgoing(
            to=row.phone,
            sender=settings.sender,
            text=template.copy(person, sender_name),
            reference=row.reference(),
            site_id=broadcast.site_id,
        )
        try:
            row.provider_id = provider.send(message)[:100]
        except providers.PermanentFailure as error:
            row.status, row.error = SmsRecipient.Status.BOUNCED, str(error)[:255]
        except providers.TemporaryFailure as error:
            # The provider is down or busy: this copy and the rest of the batch wait.
            for later in rows[index:]:
                if later.status != SmsRecipient.Status.QUEUED:
                    continue
                later.error = str(error)[:255]
                if later.attempts >= MAX_ATTEMPTS:
                    later.status = SmsRecipient.Status.FAILED
                else:
                    later.next_attempt_at = now + backoff(max(later.attempts, 1))
            break
        else:
            row.status, row.sent_at, row.error = SmsRecipient.Status.SENT, now, ""
    SmsRecipient.objects.bulk_update(
        rows, ["status", "attempts", "next_attempt_at", "sent_at", "error", "phone", "provider_id"]
    )
