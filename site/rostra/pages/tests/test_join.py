"""The sign-up ("join us") page: a pending sign-up until the emailed link is
confirmed, then the person's details and their consent, in its exact words."""

import datetime
import io
import re
from html import unescape

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from rostra import antibot
from rostra.pages.join_form import SCOPE
from rostra.pages.models import JoinPage, JoinRequest
from rostra.people.models import Consent, ConsentState, Person

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Léa",
    "last_name": "Dupont",
    "email": "lea@example.org",
    "postcode": "69003",
    "phone": "06 12 34 56 78",
    "consent": "on",
    "website": "",
}


@pytest.fixture
def join_page(national_site):
    page = national_site.root_page.add_child(
        instance=JoinPage(title="Nous rejoindre", slug="nous-rejoindre", intro="Rejoignez-nous.")
    )
    page.save_revision().publish()
    return page


def _text(response):
    return unescape(response.content.decode())


def _link(message):
    return re.search(r"http://\S+/confirm/\S+/", message.body).group(0)


def _solved():
    """The proof of work a visitor's browser sends (rostra.antibot)."""
    return antibot.solve(antibot.new_challenge(SCOPE, max_number=40))


def _sign_up(client, captured, data=FORM):
    with captured(execute=True):
        return client.post("/nous-rejoindre/", {"altcha": _solved(), **data})


def test_the_form_refuses_a_missing_or_reused_proof_of_work(join_page, client):
    assert 'data-challenge="' in client.get("/nous-rejoindre/").content.decode()
    refused = client.post("/nous-rejoindre/", {**FORM, "altcha": ""})
    assert "pas un robot" in _text(refused)
    solved = _solved()
    client.post("/nous-rejoindre/", {**FORM, "altcha": solved})
    again = client.post(
        "/nous-rejoindre/", {**FORM, "email": "autre@example.org", "altcha": solved}
    )
    assert "pas un robot" in _text(again)
    assert list(JoinRequest.objects.values_list("email", flat=True)) == ["lea@example.org"]


def test_the_form_asks_for_what_joining_needs_in_french(join_page, client):
    page = _text(client.get("/nous-rejoindre/"))
    for label in ("Prénom", "Nom", "E-mail", "Code postal", "Téléphone (facultatif)"):
        assert f">{label}" in page, label
    assert "Je souhaite recevoir les nouvelles de la campagne par e-mail." in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_the_form_speaks_english_on_the_english_page(join_page, english, national_site):
    home_en = national_site.root_page.copy_for_translation(english)
    home_en.save_revision().publish()
    join_en = join_page.copy_for_translation(english)
    join_en.title, join_en.slug = "Join us", "join-us"
    join_en.save_revision().publish()
    page = _text(Client().get("/en/join-us/"))
    for label in ("First name", "Last name", "Postcode", "Phone (optional)"):
        assert f">{label}" in page, label
    assert "I want to receive the campaign's news by email." in page
    assert "Code postal" not in page


def test_joining_waits_for_the_link_then_records_the_consent_in_its_words(
    join_page, client, django_capture_on_commit_callbacks
):
    response = _sign_up(client, django_capture_on_commit_callbacks)
    assert "Consultez votre boîte de réception" in _text(response)
    person = Person.objects.get(email="lea@example.org")  # pending: known, nothing granted
    assert not ConsentState.objects.filter(person=person).exists()
    pending = JoinRequest.objects.get()
    assert pending.confirmed_at is None and pending.postcode == "69003"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea@example.org"]
    assert message.subject == "Confirmez votre adresse pour nous rejoindre"
    link = _link(message).removeprefix("http://localhost")

    # Following the link (as a mail scanner does) changes nothing: the button does.
    assert "Confirmer mon adresse" in _text(client.get(link))
    assert not Consent.objects.exists()
    confirmed = client.post(link)
    assert "Bienvenue !" in _text(confirmed)
    consent = Consent.objects.get(person=person)
    assert (consent.purpose, consent.channel, consent.granted) == ("newsletter", "email", True)
    assert consent.wording == "Je souhaite recevoir les nouvelles de la campagne par e-mail."
    assert ConsentState.objects.get(person=person).granted
    person.refresh_from_db()
    assert (person.first_name, person.postcode, person.phone) == ("Léa", "69003", "+33612345678")
    # The request keeps nothing personal once confirmed; a second click adds nothing.
    pending.refresh_from_db()
    assert pending.confirmed_at and pending.email == "" and pending.first_name == ""
    assert "Bienvenue !" in _text(client.post(link))
    assert Consent.objects.count() == 1


def test_a_known_address_is_changed_only_once_confirmed(
    join_page, client, django_capture_on_commit_callbacks
):
    known = Person.objects.create(
        email="lea@example.org", email_canonical="lea@example.org", first_name="Léa", postcode=""
    )
    _sign_up(client, django_capture_on_commit_callbacks, {**FORM, "first_name": "Intrus"})
    known.refresh_from_db()
    assert (known.first_name, known.postcode) == ("Léa", "")
    assert Person.objects.count() == 1
    client.post(_link(mail.outbox[0]).removeprefix("http://localhost"))
    known.refresh_from_db()
    assert (known.first_name, known.postcode) == ("Intrus", "69003")


def test_missing_consent_is_explained_and_records_nothing(join_page, client):
    response = client.post("/nous-rejoindre/", {**FORM, "consent": ""})
    assert "Cochez la case pour recevoir nos nouvelles" in _text(response)
    assert not Person.objects.exists() and not JoinRequest.objects.exists()
    assert not mail.outbox


def test_a_wrong_or_tampered_link_is_refused(join_page, client, django_capture_on_commit_callbacks):
    _sign_up(client, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0]).removeprefix("http://localhost")
    tampered = link[:-3] + "xx/"
    made_up = "/nous-rejoindre/confirm/99999999999999999999/abc/"
    for wrong in (tampered, made_up):
        response = client.post(wrong)
        assert response.status_code == 404
        assert "Ce lien ne fonctionne pas" in _text(response)
    assert not Consent.objects.exists()


def test_the_form_is_rate_limited_per_address(
    join_page, client, django_capture_on_commit_callbacks
):
    for _ in range(3):
        assert _sign_up(client, django_capture_on_commit_callbacks).status_code == 200
    response = _sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert "Trop de tentatives" in _text(response)
    assert JoinRequest.objects.count() == 3


def test_a_post_without_the_csrf_token_is_refused(join_page):
    response = Client(enforce_csrf_checks=True).post("/nous-rejoindre/", FORM)
    assert response.status_code == 403
    assert not JoinRequest.objects.exists()


def test_a_robot_filling_the_hidden_field_is_told_the_same_and_records_nothing(join_page, client):
    response = client.post("/nous-rejoindre/", {**FORM, "website": "http://spam.example"})
    assert "Consultez votre boîte de réception" in _text(response)
    assert not JoinRequest.objects.exists() and not mail.outbox


def test_sign_ups_never_confirmed_are_deleted_after_a_week(join_page):
    now = timezone.now()
    details = {"email": "x@example.org", "first_name": "X", "last_name": "Y", "postcode": "1"}
    for days, confirmed in ((8, None), (8, now), (2, None)):
        join_page.requests.create(
            **details,
            language="fr",
            consent_wording="w",
            token=f"{days}-{'confirmed' if confirmed else 'pending'}",
            created_at=now - datetime.timedelta(days=days),
            confirmed_at=confirmed,
        )
    call_command("apply_retention", stdout=io.StringIO())
    left = set(JoinRequest.objects.values_list("token", flat=True))
    assert left == {"8-confirmed", "2-pending"}
