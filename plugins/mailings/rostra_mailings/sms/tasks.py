"""The background task that sends an SMS broadcast, batch after batch, at the
site's rate, outside quiet hours. Safe to run twice, also at the same time:
each run claims rows no other run holds (rostra_mailings.sms.sending)."""

import time

from django.tasks import task

from rostra_mailings.sms import sending
from rostra_mailings.sms.models import SmsBroadcast, SmsSettings

#: A run hands over to a fresh one after this long (as mailings do).
RUN_SECONDS = 60


def sleep(seconds):
    time.sleep(seconds)


@task()
def send_sms(*, broadcast_id):
    broadcast = SmsBroadcast.objects.select_related("site").filter(pk=broadcast_id).first()
    if broadcast is None:
        return "gone"
    settings = SmsSettings.for_site(broadcast.site)
    pace = settings.batch_size * 60 / settings.messages_per_minute  # seconds per batch
    started = time.monotonic()
    while True:
        batch_started = time.monotonic()
        batch = sending.send_batch(broadcast_id, settings.batch_size)
        if batch.stopped:
            return "done"
        if batch.until is not None:
            # Quiet hours: a run queued for the opening takes over.
            sending.enqueue_sending(broadcast_id, run_after=batch.until)
            return f"waiting until {batch.until.isoformat()}"
        if not batch.due:
            # Retries later (the provider was down): a run queued for then.
            sending.enqueue_sending(broadcast_id, run_after=_soonest(broadcast_id))
            return "retrying later"
        wait = pace - (time.monotonic() - batch_started)
        if time.monotonic() - started + max(wait, 0) > RUN_SECONDS:
            sending.enqueue_sending(broadcast_id)
            return "handed over"
        if wait > 0:
            sleep(wait)


def _soonest(broadcast_id):
    from rostra_mailings.sms.models import SmsRecipient

    return (
        SmsRecipient.objects.filter(broadcast_id=broadcast_id, status=SmsRecipient.Status.QUEUED)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
