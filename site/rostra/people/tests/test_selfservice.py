import re

import pytest
from django.core import mail
from django.urls import reverse

from rostra.mail.sending import render_message
from rostra.people import api, selfservice, unsubscribe
from rostra.people.models import Person


@pytest.fixture
def person(national_site):
    person, _ = api.find_or_create(
        email="jean@example.org",
        first_name="Jean",
        site=national_site,
        source=api.Source("import", "Fichier du salon"),
    )
    api.record_consent(person, purpose="newsletter", granted=True)
    return person


def test_a_person_gets_their_data_through_an_emailed_expiring_link(client, person):
    response = client.post(reverse("people:my_data_request"), {"email": "JEAN@example.org"})
    assert response.status_code == 200
    [message] = mail.outbox
    path = re.search(r"(/_people/my-data/[^/\s]+/)", message.body).group(1)
    page = client.get(path)
    assert "jean@example.org" not in page.content.decode()  # a GET shows buttons only
    data = client.post(path, {"format": "json"})
    assert b'"first_name": "Jean"' in data.content
    html = client.post(path, {"format": "html"}).content.decode()
    assert "Jean" in html and "Fichier du salon" in html


def test_unknown_addresses_get_the_same_answer_and_no_email(client, db):
    response = client.post(reverse("people:my_data_request"), {"email": "nobody@example.org"})
    assert response.status_code == 200 and not mail.outbox


def test_an_expired_or_tampered_link_is_refused(client, person, settings):
    token = selfservice.make_token(person)
    assert client.get(reverse("people:my_data", args=[token + "x"])).status_code == 404
    selfservice.MAX_AGE, saved = -1, selfservice.MAX_AGE
    try:
        assert client.get(reverse("people:my_data", args=[token])).status_code == 404
    finally:
        selfservice.MAX_AGE = saved


def test_requests_are_rate_limited(client, person):
    def ask():
        return client.post(reverse("people:my_data_request"), {"email": "jean@example.org"})

    for _ in range(5):
        assert ask().status_code == 200
    response = ask()
    assert response.status_code == 429
    assert "Trop de demandes. Réessayez dans une heure." in response.content.decode()
    assert len(mail.outbox) == 5  # no link sent over the limit


def test_unsubscribe_works_in_one_click_for_mail_clients(client, person):
    url = unsubscribe.path(person.pk, "newsletter")
    assert client.get(url).status_code == 200
    assert api.can_contact(person, "newsletter")  # a GET changes nothing
    client.post(url, {"List-Unsubscribe": "One-Click"})
    assert not api.can_contact(person, "newsletter")


def test_every_email_says_where_the_data_came_from(person, national_site):
    message = render_message(
        "people_data_link",
        to=person.email,
        context={"path": "/x/", "days": 7},
        language="fr",
        person_id=person.pk,
        site_id=national_site.pk,
    )
    assert "Fichier du salon" in message.body
    assert "/_people/my-data/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Person.objects.count() == 1
