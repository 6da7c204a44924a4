"""Signing: double opt-in, one signature per canonical email, honeypot, proof of work."""

import pytest
from django.core import mail
from rostra.people.models import Consent, Person

from rostra_petitions.models import Signature
from rostra_petitions.tests.conftest import confirm_link, form_data, last_mail_to, sign, sign_url

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_form_without_a_token_so_it_can_be_shared_by_the_cache(
    client, petition, settings
):
    settings.ROSTRA_PAGE_CACHE_SECONDS = 60
    # Under the site's own host name: only there may a copy be shared (purgeable).
    response = client.get(petition.url, HTTP_HOST="localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sauvons les petites lignes" in html
    assert 'name="csrfmiddlewaretoken" value=""' in html
    assert "csrftoken" not in response.cookies
    assert "s-maxage=60" in response["Cache-Control"]
    assert "<script>" not in html and "style=" not in html


def test_the_form_token_endpoint_is_never_cached_and_sets_the_csrf_cookie(client, petition):
    response = client.get("/_petitions/form-token/")
    assert response.status_code == 200
    data = response.json()
    assert data["csrf"] and data["challenge"]["parameters"]["nonce"]
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert "csrftoken" in response.cookies


def test_signing_with_the_token_from_the_endpoint_passes_csrf(petition):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    token = browser.get("/_petitions/form-token/").json()["csrf"]
    refused = browser.post(sign_url(petition), form_data())
    assert refused.status_code == 403
    response = browser.post(sign_url(petition), form_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Signature.objects.count() == 1


def test_the_form_posts_to_the_signing_endpoint_in_the_page_language(client, petition, english):
    from django.utils import translation

    html = client.get(petition.url).content.decode()
    assert f'action="{sign_url(petition)}"' in html
    with translation.override("en"):
        english_page = client.get("/en" + petition.url).content.decode()
        assert f'action="{sign_url(petition, "en")}"' in english_page
        response = client.post(sign_url(petition, "en"), form_data(), REMOTE_ADDR="192.0.2.10")
        assert response.status_code == 302
    # Emailed in the language of the page signed on.
    assert Signature.objects.get().language == "en"
    assert "Confirm your signature" in last_mail_to("camille.durand@example.org").subject


def test_posting_to_the_page_itself_still_signs(client, petition):
    # Pages cached before the form's action moved still post there.
    response = client.post(petition.url, form_data(), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    assert Signature.objects.count() == 1


def test_the_signing_endpoint_refuses_what_the_page_would(client, petition):
    assert client.get(sign_url(petition)).status_code == 405  # a GET never signs
    petition.unpublish()
    assert client.post(sign_url(petition), form_data()).status_code == 404
    assert not Signature.objects.exists()


def test_a_private_petition_is_not_signed_through_the_endpoint(client, petition):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=petition, restriction_type="password", password="x")
    response = client.post(sign_url(petition), form_data(), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 200  # Wagtail's password form, as on the page
    assert not Signature.objects.exists()


def test_a_signature_is_pending_until_confirmed_and_an_email_is_sent(client, petition):
    response = sign(client, petition)
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    signature = Signature.objects.get()
    assert signature.state == Signature.State.PENDING
    assert signature.departement_code == "69"
    message = last_mail_to("camille.durand@example.org")
    assert message.subject == "Confirmez votre signature : Sauvons les petites lignes"
    assert message.extra_headers.get("List-Unsubscribe")
    confirm_link(message)
    # The consent ledger waits for the confirmation (the address is not proven yet).
    assert not Consent.objects.exists()
    assert signature.consents[0]["wording"] == (
        "Tenez-moi informé·e par e-mail de cette pétition et de ses suites."
    )


def test_the_thanks_page_is_the_same_for_a_duplicate(client, petition):
    first = sign(client, petition)
    mail.outbox.clear()
    second = sign(client, petition, email="Camille.Durand@Example.org")
    assert first["Location"] == second["Location"]
    assert Signature.objects.count() == 1
    page = client.get(second["Location"])
    assert page.status_code == 200
    assert "Camille" not in page.content.decode()


def test_gmail_aliases_are_one_signer(client, petition):
    sign(client, petition, email="jean.dupont@gmail.com")
    sign(client, petition, email="JeanDupont+petition@googlemail.com")
    assert Signature.objects.count() == 1


def test_a_confirmed_signer_who_signs_again_gets_a_notice_by_email(client, petition):
    sign(client, petition)
    url, _id, _token = confirm_link(last_mail_to("camille.durand@example.org"))
    client.post(url)
    mail.outbox.clear()
    sign(client, petition)
    notice = last_mail_to("camille.durand@example.org")
    assert notice.subject == "Vous avez déjà signé : Sauvons les petites lignes"
    assert Signature.objects.count() == 1


def test_a_second_person_of_the_household_may_sign_where_allowed(client, petition):
    petition.allow_household = True
    petition.save_revision().publish()
    sign(client, petition, email="famille@example.org", first_name="Anne")
    sign(client, petition, email="famille@example.org", first_name="Paul")
    sign(client, petition, email="famille@example.org", first_name="Luc")  # a third: no
    sign(client, petition, email="famille@example.org", first_name="Paul")  # the same: no
    assert Signature.objects.filter(email_canonical="famille@example.org").count() == 2


def test_a_household_needs_the_same_postcode(client, petition):
    petition.allow_household = True
    petition.save_revision().publish()
    sign(client, petition, email="famille@example.org", first_name="Anne")
    sign(client, petition, email="famille@example.org", first_name="Paul", postcode="75011")
    assert Signature.objects.count() == 1


def test_the_honeypot_answers_like_a_success_and_stores_nothing(client, petition):
    response = sign(client, petition, website="http://spam.example", altcha="")
    assert response.status_code == 302
    assert not Signature.objects.exists()
    assert not mail.outbox


def test_without_proof_of_work_the_form_explains_why(client, petition):
    response = sign(client, petition, altcha="")
    assert response.status_code == 400
    assert "robot" in response.content.decode()
    assert not Signature.objects.exists()


def test_a_proof_of_work_cannot_be_used_twice(client, petition):
    data = form_data()
    client.post(sign_url(petition), data)
    data["email"] = "autre@example.org"
    response = client.post(sign_url(petition), data)
    assert response.status_code == 400
    assert Signature.objects.count() == 1


def test_bad_input_gets_readable_messages_in_french(client, petition):
    response = sign(client, petition, email="pas-une-adresse", postcode="99999", first_name="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Saisissez une adresse e-mail valide." in html
    assert "Ce code postal n&#x27;existe pas en France." in html
    assert not Signature.objects.exists()


def test_bad_input_gets_readable_messages_in_english(client, petition, english):
    from django.utils import translation

    with translation.override("en"):
        response = client.post(sign_url(petition, "en"), form_data(postcode="99999"))
    assert response.status_code == 400
    assert "This postcode does not exist in France." in response.content.decode()


def test_over_the_ip_limit_signatures_are_silently_fraudulent(client, petition):
    from rostra_petitions.models import PetitionLimits

    limits = PetitionLimits.load()
    limits.ip_per_minute = 2
    limits.save()
    for index in range(4):
        response = sign(client, petition, email=f"bot{index}@example.net")
        assert response.status_code == 302
    states = list(Signature.objects.order_by("created_at").values_list("state", flat=True))
    assert states == ["pending", "pending", "fraudulent", "fraudulent"]
    assert len(mail.outbox) == 4  # emailed all the same


def test_a_blocked_domain_is_fraudulent(client, petition):
    from rostra_petitions.models import AbuseRule

    AbuseRule.objects.create(kind="domain", value="spam.example", action="block")
    sign(client, petition, email="x@spam.example")
    assert Signature.objects.get().state == Signature.State.FRAUDULENT


def test_a_paused_or_closed_petition_takes_no_signature(client, petition):
    state = petition.state
    state.signing_paused = True
    state.save()
    response = sign(client, petition)
    assert response.status_code == 409
    assert "La signature est suspendue pour un moment." in response.content.decode()
    assert not Signature.objects.exists()


def test_signing_creates_the_person_but_does_not_change_an_existing_one(client, petition):
    existing = Person.objects.create(
        email="militant@example.org", email_canonical="militant@example.org", first_name="Marie"
    )
    sign(client, petition, email="militant@example.org", first_name="Usurpateur")
    existing.refresh_from_db()
    assert existing.first_name == "Marie"
    assert Signature.objects.get().person == existing
