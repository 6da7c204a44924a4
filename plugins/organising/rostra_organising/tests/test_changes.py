"""Reminders 24 h and 2 h before (safe to run twice), and the messages sent
when an event changes or is cancelled."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from rostra_organising.events import reminders
from rostra_organising.events.models import EventPage

from .conftest import committed, make_event, rsvp


def _to(address):
    return [message for message in mail.outbox if address in message.to]


def test_reminders_go_once_each_even_when_run_twice(client, national_site):
    event = make_event(national_site, starts_at=timezone.now() + timedelta(hours=20))
    rsvp(client, event)
    mail.outbox.clear()
    with committed():
        reminders.send_due()
        reminders.send_due()
    sent = _to("camille.durand@example.org")
    assert len(sent) == 1
    later = timezone.now() + timedelta(hours=19)  # 1 hour before the start
    with committed():
        reminders.send_due(now=later)
        reminders.send_due(now=later)
    sent = _to("camille.durand@example.org")
    assert len(sent) == 2
    assert sent[1].subject != sent[0].subject


def test_no_reminder_for_the_waitlist_or_a_far_event(client, national_site):
    far = make_event(national_site, slug="loin", starts_at=timezone.now() + timedelta(days=5))
    rsvp(client, far)
    mail.outbox.clear()
    with committed():
        assert reminders.send_due() == 0
    assert not mail.outbox


def _publish(event, **changes):
    page = EventPage.objects.get(pk=event.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    with committed():
        page.save_revision().publish()


def test_a_change_of_time_or_place_is_told_once(client, event):
    rsvp(client, event)
    mail.outbox.clear()
    _publish(event, intro="Un autre texte.")  # not a practical detail: nothing sent
    assert not mail.outbox
    _publish(
        event,
        starts_at=event.starts_at + timedelta(hours=1),
        ends_at=event.ends_at + timedelta(hours=1),
    )
    changed = _to("camille.durand@example.org")
    assert len(changed) == 1
    assert changed[0].attachments[0][0] == "event.ics"
    _publish(event, intro="Encore un autre.")
    assert len(_to("camille.durand@example.org")) == 1


def test_a_cancelled_event_tells_everyone_once_and_takes_no_rsvp(client, event):
    rsvp(client, event)
    mail.outbox.clear()
    _publish(event, cancelled=True)
    _publish(event, intro="Annulé, vraiment.")
    assert len(_to("camille.durand@example.org")) == 1
    assert (
        b"CANCELLED" in _to("camille.durand@example.org")[0].attachments[0][1].encode()
        if isinstance(_to("camille.durand@example.org")[0].attachments[0][1], str)
        else b"CANCELLED" in _to("camille.durand@example.org")[0].attachments[0][1]
    )
    response = rsvp(client, event, email="late@example.org")
    assert response.status_code == 409


def test_a_larger_capacity_promotes_the_waitlist(client, national_site):
    event = make_event(national_site, capacity=1)
    rsvp(client, event, email="a@example.org")
    rsvp(client, event, email="b@example.org")
    _publish(event, capacity=2)
    from rostra_organising.events.models import Rsvp

    assert Rsvp.objects.get(email="b@example.org").status == "confirmed"
