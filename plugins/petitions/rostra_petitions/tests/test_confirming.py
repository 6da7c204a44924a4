"""Confirming: a GET never confirms; a POST confirms once; links that are reused,
expired, tampered with or opened by a scanner change nothing and show a page."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from rostra.people.models import Consent, Person, TimelineEntry

from rostra_petitions import counting
from rostra_petitions.models import CountDelta, Signature
from rostra_petitions.tests.conftest import confirm_link, last_mail_to, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(client, petition):
    sign(client, petition, newsletter="on")
    url, signature_id, token = confirm_link(last_mail_to("camille.durand@example.org"))
    return url.replace("http://localhost", ""), signature_id, token


def test_a_scanner_following_the_link_confirms_nothing(client, petition, link):
    url, _id, _token = link
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200
        assert "Confirmer ma signature" in response.content.decode()
    assert Signature.objects.get().state == Signature.State.PENDING
    assert not CountDelta.objects.exists()
    assert "private" in response["Cache-Control"]


def test_the_button_confirms_once_and_the_counter_follows(client, petition, link):
    url, _id, _token = link
    response = client.post(url)
    assert response.status_code == 303
    assert response["Location"] == f"{petition.url}confirmed/"
    signature = Signature.objects.get()
    assert signature.state == Signature.State.VALIDATED
    for _ in range(3):  # double clicks, reloads, replays
        assert client.post(url)["Location"] == response["Location"]
    assert CountDelta.objects.count() == 1
    counting.fold()
    assert counting.public_count(petition)["total"] == 1
    # Opened again: the same thank-you page, no error.
    assert client.get(url)["Location"] == response["Location"]
    thanks = client.get(response["Location"])
    assert "Merci : votre signature est confirmée" in thanks.content.decode()


def test_confirming_fills_the_consent_ledger_with_the_exact_wording(client, petition, link):
    url, _id, _token = link
    client.post(url)
    person = Person.objects.get(email_canonical="camille.durand@example.org")
    consents = {c.purpose: c for c in Consent.objects.filter(person=person)}
    assert set(consents) == {"petition_updates", "newsletter"}
    signature = Signature.objects.get()
    assert consents["newsletter"].wording == signature.consents[1]["wording"]
    assert "Rostra" in consents["newsletter"].wording  # the site's organisation name
    assert consents["petition_updates"].where_detail.endswith("/petites-lignes/")
    entry = TimelineEntry.objects.get(person=person, kind=TimelineEntry.Kind.SIGNATURE)
    # Stored as a message id: each reader sees it in their own language.
    with translation.override("fr"):
        assert entry.text == "A signé la pétition « Sauvons les petites lignes »"
    with translation.override("en"):
        assert entry.text == "Signed the petition “Sauvons les petites lignes”"
    from rostra.people import api

    assert api.can_contact(person, "newsletter")


def test_an_unticked_box_records_no_consent(client, petition):
    sign(client, petition, email="discret@example.org", updates="")
    url, _id, _token = confirm_link(last_mail_to("discret@example.org"))
    client.post(url)
    assert not Consent.objects.filter(person__email_canonical="discret@example.org").exists()


def test_a_tampered_link_shows_a_page_and_changes_nothing(client, petition, link):
    url, signature_id, token = link
    bad = url.replace(token, token[:-3] + "abc")
    for method in (client.get, client.post):
        response = method(bad)
        assert response.status_code == 200
        assert "Ce lien ne fonctionne pas" in response.content.decode()
    other = url.replace(f"/{signature_id}/", f"/{signature_id + 99}/")
    assert client.post(other).status_code == 200
    assert Signature.objects.get().state == Signature.State.PENDING


def test_an_expired_link_explains_and_changes_nothing(client, petition, link):
    url, _id, _token = link
    Signature.objects.update(created_at=timezone.now() - datetime.timedelta(days=31))
    response = client.post(url)
    assert response.status_code == 200
    assert "Ce lien a expiré" in response.content.decode()
    assert Signature.objects.get().state == Signature.State.PENDING


def test_a_fraudulent_signature_seems_confirmed_but_is_never_counted(client, petition):
    from rostra_petitions.models import AbuseRule

    AbuseRule.objects.create(kind="email", value="troll@example.org", action="block")
    sign(client, petition, email="troll@example.org")
    url, _id, _token = confirm_link(last_mail_to("troll@example.org"))
    response = client.post(url)
    assert response.status_code == 303 and response["Location"].endswith("/confirmed/")
    counting.fold()
    assert counting.public_count(petition)["total"] == 0
    signature = Signature.objects.get()
    assert signature.state == Signature.State.FRAUDULENT and signature.validated_at


def test_a_pending_signer_who_signs_again_gets_the_link_again(client, petition):
    sign(client, petition)
    Signature.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    mail.outbox.clear()
    sign(client, petition)
    confirm_link(last_mail_to("camille.durand@example.org"))
