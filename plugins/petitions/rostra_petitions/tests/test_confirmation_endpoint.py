"""The confirmation link's endpoint, ``/_petitions/<id>/confirm/<signature>/<token>/``
(outside Wagtail's page routing): the right pages in the signer's language, a
clear page for any bad link, one confirmation whatever the clicks, and the
thank-you page shared by the page cache."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone, translation
from rostra import signals
from rostra.people.models import Consent, TimelineEntry

from rostra_petitions.models import CountDelta, Signature
from rostra_petitions.tests.conftest import (
    confirm_link,
    form_data,
    last_mail_to,
    sign,
    sign_url,
)

pytestmark = pytest.mark.django_db


def _path(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def link(client, petition):
    sign(client, petition, newsletter="on")
    url, signature_id, token = confirm_link(last_mail_to("camille.durand@example.org"))
    return _path(url), signature_id, token


def test_the_email_links_to_the_endpoint_on_the_site_in_the_page_language(petition, link):
    path, signature_id, token = link
    assert path == f"/_petitions/{petition.pk}/confirm/{signature_id}/{token}/?lang=fr"
    url, _id, _token = confirm_link(last_mail_to("camille.durand@example.org"))
    assert url.startswith("http://localhost/_petitions/")  # the petition's own site


def test_the_link_shows_the_button_and_the_button_confirms_in_french(client, petition, link):
    path, _id, _token = link
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Confirmer ma signature" in html and "Sauvons les petites lignes" in html
    assert f'action="{path}"' in html  # the button posts back here
    assert "private" in page["Cache-Control"]
    assert "script-src 'self'" in page["Content-Security-Policy"]

    response = client.post(path)
    assert response.status_code == 303
    assert response["Location"] == f"{petition.url}confirmed/"
    thanks = client.get(response["Location"])
    text = thanks.content.decode()
    assert "Merci : votre signature est confirmée" in text
    assert "Sauvons les petites lignes" in text and 'lang="fr"' in text
    assert Signature.objects.get().state == Signature.State.VALIDATED


def test_an_english_signer_confirms_in_english(client, petition, english):
    # The French petition served under /en/: its form posts with ?lang=en.
    with translation.override("en"):
        client.post(sign_url(petition, "en"), form_data(), REMOTE_ADDR="192.0.2.10")
    path = _path(confirm_link(last_mail_to("camille.durand@example.org"))[0])
    assert path.endswith("?lang=en")
    page = client.get(path).content.decode()
    assert "Confirm my signature" in page and 'lang="en"' in page
    response = client.post(path)
    assert response["Location"] == f"/en{petition.url}confirmed/"
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you: your signature is confirmed" in thanks and 'lang="en"' in thanks


def test_signing_in_english_leads_to_the_english_thanks_page(client, petition, english):
    with translation.override("en"):
        response = client.post(sign_url(petition, "en"), form_data(), REMOTE_ADDR="192.0.2.10")
    assert response["Location"] == f"/en{petition.url}thanks/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_wrong_or_expired_link_answers_a_clear_page(client, petition, link, english, language):
    path, signature_id, token = link
    path = path.replace("?lang=fr", f"?lang={language}")
    does_not_work = {"fr": "Ce lien ne fonctionne pas", "en": "This link does not work"}
    expired = {"fr": "Ce lien a expiré", "en": "This link has expired"}
    wrong = [
        path.replace(token, token[:-3] + "abc"),  # tampered
        path.replace(f"/{signature_id}/", f"/{signature_id + 99}/"),  # no such signature
        path.replace(token, "é%20<script>"),  # anything in a link
    ]
    for bad in wrong:
        for method in (client.get, client.post):
            response = method(bad)
            assert response.status_code == 200, bad
            assert does_not_work[language] in response.content.decode()
    Signature.objects.update(created_at=timezone.now() - datetime.timedelta(days=31))
    response = client.post(path)
    assert response.status_code == 200 and expired[language] in response.content.decode()
    assert Signature.objects.get().state == Signature.State.PENDING
    assert not CountDelta.objects.exists()


def test_a_link_under_another_petition_does_not_work(client, petition, link, national_site):
    from rostra_petitions.models import PetitionPage

    other = national_site.root_page.add_child(
        instance=PetitionPage(title="Une autre", slug="autre", intro="Autre chose.")
    )
    other.save_revision().publish()
    path, _id, _token = link
    response = client.post(path.replace(f"/_petitions/{petition.pk}/", f"/_petitions/{other.pk}/"))
    assert "Ce lien ne fonctionne pas" in response.content.decode()
    assert client.post(path.replace(f"/{petition.pk}/", "/999999/")).status_code == 404
    assert Signature.objects.get().state == Signature.State.PENDING


def test_a_second_click_is_harmless(client, petition, link):
    path, _id, _token = link
    heard = []

    def receiver(sender, signature, **kwargs):
        heard.append(signature.pk)

    signals.petition_confirmed.connect(receiver, dispatch_uid="test-second-click")
    try:
        first = client.post(path)
        again = [client.post(path) for _ in range(3)]
    finally:
        signals.petition_confirmed.disconnect(dispatch_uid="test-second-click")
    assert {response["Location"] for response in again} == {first["Location"]}
    signature = Signature.objects.get()
    assert heard == [signature.pk]  # one signal
    assert CountDelta.objects.filter(petition=petition).count() == 1
    person = signature.person
    assert Consent.objects.filter(person=person).count() == 2  # updates and newsletter, once
    kinds = list(TimelineEntry.objects.filter(person=person).values_list("kind", flat=True))
    assert kinds.count(TimelineEntry.Kind.SIGNATURE) == 1
    assert kinds.count(TimelineEntry.Kind.CONSENT) == 2


def test_the_button_needs_the_csrf_token(petition, link):
    path, _id, _token = link
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path)
    assert browser.post(path).status_code == 403
    assert Signature.objects.get().state == Signature.State.PENDING
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    response = browser.post(path, {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 303
    assert Signature.objects.get().state == Signature.State.VALIDATED


def test_the_thank_you_page_is_shared_by_the_page_cache(client, petition, link, settings):
    from rostra.cache_purge import addresses

    settings.ROSTRA_PAGE_CACHE_SECONDS = 60
    path, _id, _token = link
    response = client.post(path, HTTP_HOST="localhost")
    assert "private" in response["Cache-Control"]  # the answer to the POST is not shared
    thanks = client.get(response["Location"], HTTP_HOST="localhost")
    assert "s-maxage=60" in thanks["Cache-Control"] and "csrftoken" not in thanks.cookies
    # A purge of the petition names its thank-you pages too.
    assert "http://localhost/petites-lignes/confirmed/" in addresses.for_page(petition)


def test_a_petition_switched_off_or_restricted_confirms_nothing(
    client, petition, link, national_site
):
    from rostra.sitesettings.models import PluginSettings
    from wagtail.models import PageViewRestriction

    path, _id, _token = link
    PluginSettings.objects.update_or_create(site=national_site, defaults={"enabled": []})
    assert client.post(path).status_code == 404
    PluginSettings.objects.filter(site=national_site).delete()
    PageViewRestriction.objects.create(page=petition, restriction_type="password", password="x")
    response = client.post(path)
    assert response.status_code == 200 and "password" in response.content.decode().lower()
    assert Signature.objects.get().state == Signature.State.PENDING
    PageViewRestriction.objects.all().delete()
    assert client.post(path).status_code == 303


def test_a_link_emailed_before_still_confirms(client, petition, link):
    """Links to the page's own confirm/ route (emails sent before the endpoint)."""
    _path_, signature_id, token = link
    old = f"{petition.url}confirm/{signature_id}/{token}/"
    page = client.get(old)
    assert page.status_code == 200
    assert f'action="/_petitions/{petition.pk}/confirm/{signature_id}/{token}/?lang=fr"' in (
        page.content.decode()
    )
    response = client.post(old)
    assert response.status_code == 303 and response["Location"] == f"{petition.url}confirmed/"
    assert client.post(old)["Location"] == response["Location"]
    assert CountDelta.objects.count() == 1


def test_each_link_gets_its_own_button_from_the_kept_page(client, petition):
    """The button's page is rendered once and kept: every later link still gets
    its own form action and a CSRF token its browser can post."""
    sign(client, petition)
    a = confirm_link(last_mail_to("camille.durand@example.org"))
    sign(client, petition, email="lea.martin@example.org")
    b = confirm_link(last_mail_to("lea.martin@example.org"))
    signer_a, signer_b = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for browser, (url, signature_id, _token) in ((signer_a, a), (signer_b, b)):
        path = _path(url)
        html = browser.get(path).content.decode()
        assert f'action="{path}"' in html and "marker" not in html
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        assert browser.post(path, {"csrfmiddlewaretoken": csrf}).status_code == 303
        assert Signature.objects.get(pk=signature_id).state == Signature.State.VALIDATED


def test_the_kept_button_page_follows_a_change_of_the_petition(client, petition):
    sign(client, petition)
    path = _path(confirm_link(last_mail_to("camille.durand@example.org"))[0])
    assert "Sauvons les petites lignes" in client.get(path).content.decode()
    petition.title = "Gardons les petites lignes"
    petition.save_revision().publish()
    html = client.get(path).content.decode()
    assert "Gardons les petites lignes" in html and "Sauvons" not in html
