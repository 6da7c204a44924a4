"""Reminders 24 hours and 2 hours before an event, to those holding a seat.

``send_due`` runs every few minutes (``manage.py send_event_reminders``, the
systemd timer rostra-event-reminders.timer). It is safe to run twice, or in
two workers at once: each reminder's email carries a key made of the RSVP, the
reminder and the event's start, sent once (rostra.mail, or the mailings plugin
where it is on for the site: ``messages.remind``); an event moved to another
time gets its reminders again for the new time.
"""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from rostra_organising.events import messages
from rostra_organising.events.models import Rsvp

# (name, how long before the start); a reminder is due once the start is closer
# than its delay and the next, shorter one is not due yet.
REMINDERS = (("24h", timedelta(hours=24)), ("2h", timedelta(hours=2)))


def due(now):
    """[(rsvp, reminder name)] due at ``now``."""
    found = []
    for index, (name, before) in enumerate(REMINDERS):
        later = REMINDERS[index + 1][1] if index + 1 < len(REMINDERS) else timedelta(0)
        rsvps = Rsvp.objects.filter(
            status=Rsvp.Status.CONFIRMED,
            event__live=True,
            event__cancelled=False,
            event__starts_at__gt=now + later,
            event__starts_at__lte=now + before,
        ).select_related("event", "person")
        found.extend((rsvp, name) for rsvp in rsvps)
    return found


def send_due(now=None):
    now = now or timezone.now()
    count = 0
    for rsvp, name in due(now):
        messages.remind(rsvp, name)
        count += 1
    return count


@task()
def send_reminders():
    return send_due()
