"""A reminder the day before a shift, to each volunteer holding a place.

``send_due`` runs every few minutes with the events' reminders (``manage.py
send_event_reminders``). It is safe to run twice, or in two workers at once:
each reminder's email carries a key made of the sign-up and the shift's start,
sent once (rostra.mail); a shift moved to another time gets its reminder again.
"""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from rostra_organising.volunteering import messages
from rostra_organising.volunteering.models import ShiftSignup

BEFORE = timedelta(hours=24)


def due(now):
    return ShiftSignup.objects.filter(
        status=ShiftSignup.Status.CONFIRMED,
        shift__cancelled=False,
        shift__starts_at__gt=now,
        shift__starts_at__lte=now + BEFORE,
    ).select_related("shift__site", "volunteer__person", "volunteer__site")


def send_due(now=None):
    count = 0
    for signup in due(now or timezone.now()):
        messages.remind(signup)
        count += 1
    return count


@task()
def send_shift_reminders():
    return send_due()
