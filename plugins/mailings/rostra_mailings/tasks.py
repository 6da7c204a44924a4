"""The background task that sends a mailing, batch after batch, at the site's
rate. Safe to run twice, also at the same time: each run claims rows no other
run holds (rostra_mailings.sending)."""

import time

from django.tasks import task
from django.utils import timezone

from rostra_mailings import sending
from rostra_mailings.models import Mailing, MailingSettings

#: A run hands over to a fresh one after this long, so one mailing never holds
#: a worker for hours and a paused mailing's run ends soon.
RUN_SECONDS = 60


def sleep(seconds):
    time.sleep(seconds)


@task()
def send_mailing(*, mailing_id):
    mailing = Mailing.objects.select_related("site").filter(pk=mailing_id).first()
    if mailing is None:
        return "gone"
    rate = MailingSettings.for_site(mailing.site)
    pace = rate.batch_size * 60 / rate.messages_per_minute  # seconds per batch
    started = time.monotonic()
    while True:
        batch_started = time.monotonic()
        batch = sending.send_batch(mailing_id, rate.batch_size)
        if batch.stopped:
            return "done"
        if not batch.due:
            wait = _until_next_due(mailing_id)
            if wait is None:
                continue
        else:
            wait = pace - (time.monotonic() - batch_started)
        if time.monotonic() - started + max(wait, 0) > RUN_SECONDS:
            # Another run takes over (queued now; it waits for its turn itself).
            send_mailing.enqueue(mailing_id=mailing_id)
            return "handed over"
        if wait > 0:
            sleep(wait)


def _until_next_due(mailing_id):
    from rostra_mailings.models import Recipient

    soonest = (
        Recipient.objects.filter(mailing_id=mailing_id, status=Recipient.Status.QUEUED)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if soonest is None:
        return None
    return max((soonest - timezone.now()).total_seconds(), 0.0)


@task()
def start_scheduled(*, mailing_id):
    """Start a scheduled mailing once it is due. Safe to run twice: only the run
    that moves it from scheduled to sending (its row locked) starts it; a run
    too early queues itself again for the time set; a mailing made a draft
    again (its schedule cancelled) is left alone."""
    mailing = Mailing.objects.select_related("sent_by").filter(pk=mailing_id).first()
    if mailing is None:
        return "gone"
    if mailing.status != Mailing.Status.SCHEDULED:
        return "not scheduled"
    if mailing.send_at > timezone.now():
        if start_scheduled.get_backend().supports_defer:
            start_scheduled.using(run_after=mailing.send_at).enqueue(mailing_id=mailing_id)
        return "not due"
    try:
        queued = sending.start(mailing, mailing.sent_by, scheduled=True)
    except sending.NotSendable as error:
        if str(error) == "permission":
            # The sender lost the right to send meanwhile: a draft again, for
            # someone who may send it.
            sending.unschedule(mailing)
            return "sender may not send"
        return "not scheduled"
    return f"started: {queued}"


@task()
def send_test(*, mailing_id, person_id, to, key=""):
    """A copy with a recipient's fields, to the sender's own address. Sent once
    per ``key`` (the test asked for): a run again finds its delivery recorded."""
    from django.core.mail import mailers
    from django.db import IntegrityError, transaction
    from django.utils.translation import gettext as _
    from rostra.mail.models import Delivery
    from rostra.people.models import Person

    from rostra_mailings.models import Recipient
    from rostra_mailings.rendering import Renderer

    if key and Delivery.objects.filter(key=key).exists():
        return "already sent"
    mailing = Mailing.objects.select_related("site").get(pk=mailing_id)
    person = Person.objects.get(pk=person_id)
    message = Renderer(mailing, person.language).message(Recipient(mailing=mailing, pk=0), person)
    message.to = [to]
    message.subject = _("[Test] %(subject)s") % {"subject": message.subject}
    message.extra_headers.pop("Message-ID", None)
    with transaction.atomic():
        try:
            # A run of the same key elsewhere waits here, then finds it taken.
            with transaction.atomic():
                if key:
                    Delivery.objects.create(key=key)
        except IntegrityError:
            return "already sent"
        mailers.create_connection("default").send_messages([message])
    return "sent"


@task()
def send_steps(*, enrollment_id):
    """Send a person's due messages of a series, then queue the next one. Safe
    to run twice, also at the same time: a message is claimed by one run
    (``SKIP LOCKED``) and marked sent in the transaction that sent it."""
    from rostra_mailings import automations

    sent = automations.send_due(enrollment_id)
    soonest = automations.next_due(enrollment_id)
    if soonest is not None and send_steps.get_backend().supports_defer:
        send_steps.using(run_after=max(soonest, timezone.now())).enqueue(
            enrollment_id=enrollment_id
        )
    return f"sent {sent}"


@task()
def pick_winner(*, mailing_id):
    """Choose an A/B test's winning subject once its wait is over, and send it
    to the rest of the audience (rostra_mailings.ab.decide). Safe to run twice:
    a winner is chosen once, and the held copies are released once."""
    from rostra_mailings import ab

    outcome = ab.decide(mailing_id)
    if outcome == "not due" and pick_winner.get_backend().supports_defer:
        mailing = Mailing.objects.filter(pk=mailing_id).first()
        if mailing is not None and mailing.ab_decide_at is not None:
            pick_winner.using(run_after=mailing.ab_decide_at).enqueue(mailing_id=mailing_id)
    return outcome
