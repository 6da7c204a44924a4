"""Seats, by construction: every change of who holds a seat happens in a
transaction holding a lock on the event's row (SELECT … FOR UPDATE), and
counts the confirmed RSVPs under that lock. Two RSVPs for the last seat queue
on the lock; the second finds it taken and joins the waitlist. A cancel and
the promotion it makes are one transaction: the event is never over-filled.

On SQLite, writes are serialised by the database itself.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from rostra_organising.events.models import EventPage, Rsvp


class EventClosed(Exception):
    """The event no longer takes RSVPs (cancelled, over)."""


class EventFull(Exception):
    """No seat left and no waitlist."""


@dataclass
class Outcome:
    rsvp: Rsvp
    created: bool
    promoted: list = field(default_factory=list)


def _locked(event_id):
    # of=("self",): only the event's own row, not Wagtail's page row.
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)


def _confirmed(event_id):
    return Rsvp.objects.filter(event_id=event_id, status=Rsvp.Status.CONFIRMED).count()


def reserve(event_id, *, person, **typed):
    """A seat, or a place on the waitlist, for ``person``. Their live RSVP when
    they already have one (created False). Raises EventClosed or EventFull."""
    with transaction.atomic():
        event = _locked(event_id)
        existing = Rsvp.objects.filter(
            event_id=event_id, person=person, status__in=Rsvp.ACTIVE
        ).first()
        if existing is not None:
            return Outcome(existing, created=False)
        if not event.accepts_rsvps:
            raise EventClosed
        if event.capacity is None or _confirmed(event_id) < event.capacity:
            status = Rsvp.Status.CONFIRMED
        elif event.waitlist:
            status = Rsvp.Status.WAITLISTED
        else:
            raise EventFull
        rsvp = Rsvp.objects.create(event=event, person=person, status=status, **typed)
        return Outcome(rsvp, created=True)


def cancel(rsvp_id):
    """Cancel an RSVP and give any seat it frees to the waitlist, in one
    transaction. Returns the Outcome (``promoted``: the RSVPs moved up), or
    None when it was already cancelled."""
    with transaction.atomic():
        event_id = Rsvp.objects.filter(pk=rsvp_id).values_list("event_id", flat=True).first()
        if event_id is None:
            return None
        event = _locked(event_id)
        rsvp = Rsvp.objects.get(pk=rsvp_id)
        if rsvp.status == Rsvp.Status.CANCELLED:
            return None
        rsvp.status = Rsvp.Status.CANCELLED
        rsvp.cancelled_at = timezone.now()
        rsvp.save(update_fields=["status", "cancelled_at"])
        return Outcome(rsvp, created=False, promoted=_fill(event))


def fill(event_id):
    """Promote from the waitlist into the seats free now (after the capacity
    grew). Returns the RSVPs promoted."""
    with transaction.atomic():
        return _fill(_locked(event_id))


def _fill(event):
    """Under the event's lock: the oldest waitlisted take the free seats."""
    if not event.accepts_rsvps:
        return []
    waiting = Rsvp.objects.filter(event_id=event.pk, status=Rsvp.Status.WAITLISTED).order_by(
        "created_at", "pk"
    )
    if event.capacity is not None:
        free = event.capacity - _confirmed(event.pk)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    now = timezone.now()
    for rsvp in promoted:
        rsvp.status = Rsvp.Status.CONFIRMED
        rsvp.promoted_at = now
    Rsvp.objects.bulk_update(promoted, ["status", "promoted_at"])
    return promoted
