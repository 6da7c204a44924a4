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
def send_test(*, mailing_id, person_id, to):
    """A copy with a recipient's fields, to the sender's own address."""
    from django.core.mail import mailers
    from django.utils.translation import gettext as _
    from rostra.people.models import Person

    from rostra_mailings.models import Recipient
    from rostra_mailings.rendering import Renderer

    mailing = Mailing.objects.select_related("site").get(pk=mailing_id)
    person = Person.objects.get(pk=person_id)
    message = Renderer(mailing, person.language).message(Recipient(mailing=mailing, pk=0), person)
    message.to = [to]
    message.subject = _("[Test] %(subject)s") % {"subject": message.subject}
    message.extra_headers.pop("Message-ID", None)
    mailers.create_connection("default").send_messages([message])
    return "sent"
