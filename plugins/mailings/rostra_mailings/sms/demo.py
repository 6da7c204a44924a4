"""The demo's SMS broadcast: a text to the supporters of the demo's Rhône
volunteers segment who agreed, when imported, to receive the campaign's news
by SMS (the import's ``mobile_opt_in``), sent through the local test provider
(its texts kept in the SMS outbox), with its figures. It goes out within the
site's quiet hours: at the latest opening before the demo is loaded.
Idempotent: made once, by its name."""

import datetime

from django.utils import timezone
from rostra.people.models import SavedSegment

from rostra_mailings.sms import quiet, sending
from rostra_mailings.sms.models import SmsBroadcast, SmsRecipient, SmsSettings

NAME = "Démo : rappel du rassemblement"
TEXT = (
    '{{ first_name|default:"Bonjour" }}, rassemblement samedi 10h place de la '
    "République. Venez nombreux ! STOP au 36111"
)
SEGMENT = "Bénévoles du Rhône"


def finish(site, staff):
    """The broadcast, sent, once (to the segment, or to everyone who agreed
    by SMS when it is missing). Returns it."""
    broadcast = SmsBroadcast.objects.filter(site=site, name=NAME).first()
    if broadcast is not None:
        return broadcast
    segment = SavedSegment.objects.filter(name=SEGMENT).first()
    broadcast = SmsBroadcast.objects.create(
        site=site, name=NAME, text=TEXT, segment=segment, created_by=staff
    )
    sending.start(broadcast, staff, enqueue=False)
    when = last_opening(SmsSettings.for_site(site), timezone.now())
    SmsBroadcast.objects.filter(pk=broadcast.pk).update(started_at=when)
    # Its texts are due at that opening, not at the real time of loading.
    SmsRecipient.objects.filter(broadcast=broadcast).update(next_attempt_at=when)
    while True:
        batch = sending.send_batch(broadcast.pk, now=when)
        if batch.stopped or not batch.due:
            return broadcast


def last_opening(settings, now):
    """``now`` within the quiet hours, else two hours after the start of the
    latest open day before it (or its end, for a short day)."""
    if quiet.is_open(settings, now):
        return now
    local = now.astimezone(quiet.PARIS)
    day = local.date()
    if local.time() < settings.sending_from:
        day -= datetime.timedelta(days=1)
    while not quiet._open_day(settings, day):
        day -= datetime.timedelta(days=1)
    start = datetime.datetime.combine(day, settings.sending_from, tzinfo=quiet.PARIS)
    end = datetime.datetime.combine(day, settings.sending_until, tzinfo=quiet.PARIS)
    return min(start + datetime.timedelta(hours=2), end - datetime.timedelta(minutes=1))
