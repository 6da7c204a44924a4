"""RSVP through the event page's form."""

from django.core import mail
from rostra.people.models import Consent, Person

from rostra_organising.events.models import Rsvp

from .conftest import committed, form_data, last_mail_to, make_event, rsvp


def test_an_rsvp_books_a_seat_and_emails_the_ics_and_qr_code(client, event):
    response = rsvp(client, event)
    assert response.status_code == 200
    assert "/_organising/" not in response.text  # the links go by email only
    booked = Rsvp.objects.get()
    assert booked.status == Rsvp.Status.CONFIRMED
    assert booked.person.email == "camille.durand@example.org"
    message = last_mail_to("camille.durand@example.org")
    names = {name: mimetype for name, _content, mimetype in message.attachments}
    assert names == {"event.ics": "text/calendar", "check-in.png": "image/png"}
    ics = {n: c for n, c, _m in message.attachments}["event.ics"]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "BEGIN:VEVENT" in ics and "Réunion publique à Lyon" in ics
    png = {n: c for n, c, _m in message.attachments}["check-in.png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "/_organising/rsvp/" in message.body


def test_the_form_refuses_a_missing_proof_of_work_and_a_bad_postcode(client, event):
    response = rsvp(client, event, altcha="", postcode="00000")
    assert response.status_code == 400
    assert not Rsvp.objects.exists()
    assert "postcode" in response.text.lower() or "postal" in response.text.lower()


def test_a_filled_honeypot_stores_nothing(client, event):
    response = rsvp(client, event, website="http://spam.example")
    assert response.status_code == 200
    assert not Rsvp.objects.exists() and not Person.objects.exists()
    assert not mail.outbox


def test_the_form_needs_csrf(event):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(event.url + "rsvp/", form_data())
    assert response.status_code == 403
    assert not Rsvp.objects.exists()


def test_rsvps_are_rate_limited_per_connection(client, event, settings):
    for number in range(10):
        assert rsvp(client, event, email=f"p{number}@example.org").status_code == 200
    response = rsvp(client, event, email="eleventh@example.org")
    assert response.status_code == 429
    assert Rsvp.objects.count() == 10


def test_rsvp_twice_keeps_one_rsvp_and_sends_one_email(client, event):
    rsvp(client, event)
    response = rsvp(client, event, email="Camille.Durand@example.org")
    assert response.status_code == 200
    assert Rsvp.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_known_person_is_not_rewritten_by_an_rsvp(client, event):
    from rostra.people import api

    person, _ = api.find_or_create(
        email="camille.durand@example.org", first_name="Camille", last_name="Vrai", postcode="75011"
    )
    rsvp(client, event, last_name="Faux", postcode="69003")
    person.refresh_from_db()
    assert (person.last_name, person.postcode) == ("Vrai", "75011")
    assert Rsvp.objects.get().last_name == "Faux"  # kept on the RSVP, unproven


def test_the_consent_reaches_the_ledger_only_from_the_emailed_link(client, event):
    rsvp(client, event)
    assert not Consent.objects.filter(purpose="event_updates").exists()
    link = [
        line
        for line in last_mail_to("camille.durand@example.org").body.split()
        if "/_organising/rsvp/" in line
    ][0]
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200  # a GET records nothing
    assert not Consent.objects.filter(purpose="event_updates").exists()
    with committed():
        client.post("/" + path, {"action": "confirm"})
    consent = Consent.objects.get(purpose="event_updates")
    assert consent.granted and "autres événements" in consent.wording


def test_an_event_on_a_candidate_site(client, other_site):
    event = make_event(other_site, slug="porte-a-porte", kind="doors")
    response = client.get(event.url, HTTP_HOST="lyon.localhost")
    assert response.status_code == 200
    assert "Salle des fêtes" in response.text
    with committed():
        response = client.post(
            event.url + "rsvp/", form_data(), HTTP_HOST="lyon.localhost", REMOTE_ADDR="192.0.2.11"
        )
    assert response.status_code == 200
    assert Rsvp.objects.get().event_id == event.pk


def test_the_address_is_placed_in_a_territory(event):
    assert (event.commune_code, event.departement_code) == ("69123", "69")


def test_times_are_shown_in_paris_time(client, national_site):
    from datetime import UTC, datetime

    event = make_event(national_site, starts_at=datetime(2030, 6, 1, 16, 30, tzinfo=UTC))
    response = client.get(event.url)
    # 16:30 UTC is 18:30 in Paris in summer.
    assert "18:30" in response.text and "20:30" in response.text
