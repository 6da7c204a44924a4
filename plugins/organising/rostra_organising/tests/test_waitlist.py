"""The waitlist: a cancel promotes the next in line, who is told; links
cannot be forged; the online link shows only to a held seat."""

from django.core import mail

from rostra_organising.events import links
from rostra_organising.events.models import Rsvp

from .conftest import committed, last_mail_to, link_in, make_event, rsvp


def _path(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_a_full_event_waitlists_then_a_cancel_promotes_the_first_in_line(client, national_site):
    event = make_event(national_site, capacity=1)
    rsvp(client, event, email="first@example.org")
    rsvp(client, event, email="second@example.org")
    rsvp(client, event, email="third@example.org")
    second = Rsvp.objects.get(email="second@example.org")
    assert second.status == "waitlisted"
    waiting_mail = last_mail_to("second@example.org")
    assert not waiting_mail.attachments  # no QR code for a waitlisted RSVP
    cancel_url = _path(link_in(last_mail_to("first@example.org"), "rsvp"))
    with committed():
        response = client.post(cancel_url, {"action": "cancel"})
    assert response.status_code == 200
    assert Rsvp.objects.get(email="first@example.org").status == "cancelled"
    second.refresh_from_db()
    assert second.status == "confirmed" and second.promoted_at is not None
    assert Rsvp.objects.get(email="third@example.org").status == "waitlisted"
    told = last_mail_to("second@example.org")
    assert "seat" in told.subject.lower() or "place" in told.subject.lower()
    assert {name for name, _c, _m in told.attachments} == {"event.ics", "check-in.png"}
    assert Rsvp.objects.filter(event=event, status="confirmed").count() == 1


def test_cancelling_twice_promotes_once(client, national_site):
    event = make_event(national_site, capacity=1)
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        rsvp(client, event, email=address)
    url = _path(link_in(last_mail_to("a@example.org"), "rsvp"))
    with committed():
        client.post(url, {"action": "cancel"})
        client.post(url, {"action": "cancel"})
    assert Rsvp.objects.filter(event=event, status="confirmed").count() == 1
    assert Rsvp.objects.get(email="c@example.org").status == "waitlisted"


def test_a_forged_or_swapped_link_is_refused(client, event):
    rsvp(client, event)
    booked = Rsvp.objects.get()
    assert client.get(f"/_organising/rsvp/{booked.pk}/{'0' * 32}/").status_code == 404
    # A check-in token does not open the RSVP, nor the other way round.
    checkin_token = links.token(booked.pk, links.CHECKIN)
    assert client.get(f"/_organising/rsvp/{booked.pk}/{checkin_token}/").status_code == 404
    manage_token = links.token(booked.pk, links.MANAGE)
    assert client.get(f"/_organising/rsvp/{booked.pk + 1}/{manage_token}/").status_code == 404
    assert client.get(f"/_organising/rsvp/{booked.pk}/{manage_token}/").status_code == 200


def test_the_online_link_shows_only_to_a_held_seat(client, national_site):
    event = make_event(national_site, slug="visio", online=True, capacity=1)
    secret = "visio.example.org/salle-secrete"
    public = client.get(event.url)
    assert public.status_code == 200 and secret not in public.text
    response = rsvp(client, event, email="seat@example.org")
    assert secret not in response.text
    assert secret in last_mail_to("seat@example.org").body
    rsvp(client, event, email="waiting@example.org")
    assert secret not in last_mail_to("waiting@example.org").body
    waiting_page = client.get(_path(link_in(last_mail_to("waiting@example.org"), "rsvp")))
    assert secret not in waiting_page.text
    seat_page = client.get(_path(link_in(last_mail_to("seat@example.org"), "rsvp")))
    assert secret in seat_page.text


def test_no_waitlist_refuses_when_full(client, national_site):
    event = make_event(national_site, capacity=1, waitlist=False)
    rsvp(client, event, email="one@example.org")
    response = rsvp(client, event, email="two@example.org")
    assert response.status_code == 409
    assert Rsvp.objects.count() == 1
    assert "two@example.org" not in {address for m in mail.outbox for address in m.to}
