"""The RSVP's emails are written by the worker (a task), once however often it runs."""

from django.core import mail

from rostra_organising.events import messages
from rostra_organising.events.models import Rsvp

from .conftest import committed, rsvp


def _to(address):
    return [message for message in mail.outbox if address in message.to]


def test_writing_an_rsvps_email_again_sends_it_once(client, event):
    rsvp(client, event)
    booked = Rsvp.objects.get()
    assert len(_to(booked.email)) == 1
    with committed():
        messages.write_email.call(booked.pk, "rsvp", "", {})
        messages.write_email.call(booked.pk, "rsvp", "", {})
    sent = _to(booked.email)
    assert len(sent) == 1
    assert {name for name, _content, _type in sent[0].attachments} == {
        "event.ics",
        "check-in.png",
    }


def test_an_rsvp_erased_before_its_email_is_written_gets_none(client, event):
    rsvp(client, event)
    booked = Rsvp.objects.get()
    mail.outbox.clear()
    Rsvp.objects.filter(pk=booked.pk).delete()
    with committed():
        messages.write_email.call(booked.pk, "rsvp", "", {})
    assert _to(booked.email) == []
