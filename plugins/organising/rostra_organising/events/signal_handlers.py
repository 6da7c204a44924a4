"""When an event is published: tell those who RSVP'd of a change of its
practical details (time, place, link) or of its cancellation, once each, and
give the waitlist any seats a larger capacity freed."""

import hashlib

from django.db import transaction
from wagtail.signals import page_published

from rostra_organising.events import messages, seats
from rostra_organising.events.models import EventPage, EventTold, Rsvp

PRACTICAL = (
    "title",
    "starts_at",
    "ends_at",
    "online",
    "online_url",
    "venue",
    "address",
    "postcode",
    "town",
)


def fingerprint(event):
    text = "|".join(str(getattr(event, name)) for name in PRACTICAL)
    return hashlib.sha256(text.encode()).hexdigest()


def event_published(sender, instance, **kwargs):
    event = instance
    now = fingerprint(event)
    with transaction.atomic():
        told, created = EventTold.objects.select_for_update().get_or_create(
            event_id=event.pk, defaults={"fingerprint": now, "cancelled": event.cancelled}
        )
        live = list(
            Rsvp.objects.filter(event_id=event.pk, status__in=Rsvp.ACTIVE).select_related(
                "person", "event"
            )
        )
        if event.cancelled and not told.cancelled:
            for rsvp in live:
                messages.tell(rsvp, "event_cancelled")
        elif not created and told.fingerprint != now and not event.cancelled:
            for rsvp in live:
                messages.tell(rsvp, "event_changed", key_suffix=now[:16])
        EventTold.objects.filter(pk=told.pk).update(fingerprint=now, cancelled=event.cancelled)
        for rsvp in seats.fill(event.pk):
            messages.tell(rsvp, "promoted")


def connect():
    page_published.connect(event_published, sender=EventPage, dispatch_uid="organising-published")
