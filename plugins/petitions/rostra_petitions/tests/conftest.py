import re

import pytest
from django.core import mail

from rostra_petitions import pow
from rostra_petitions.models import PetitionPage


@pytest.fixture(autouse=True)
def _petition_settings(settings):
    settings.PETITIONS_POW_MAX_NUMBER = 40  # solved in a few milliseconds by the tests
    settings.PETITIONS_COUNT_INTERVAL = 5


@pytest.fixture
def petition(national_site):
    home = national_site.root_page
    page = home.add_child(
        instance=PetitionPage(
            title="Sauvons les petites lignes",
            slug="petites-lignes",
            intro="Pour le maintien des lignes ferroviaires régionales.",
            target="La ministre des Transports",
            goal=100,
            thresholds=[
                ("threshold", {"count": 2, "message": "Déjà deux signatures !", "alert": True})
            ],
            alert_emails="equipe@example.org",
        )
    )
    page.save_revision().publish()
    return PetitionPage.objects.get(pk=page.pk)


@pytest.fixture
def petition_en(petition, english, national_site):
    """The petition's English translation (one petition in two languages)."""
    home_en = national_site.root_page.copy_for_translation(english)
    home_en.save_revision().publish()
    page = petition.copy_for_translation(english)
    page.title, page.slug = "Save the local railway lines", "local-railway-lines"
    page.thresholds = [("threshold", {"count": 2, "message": "Two signatures already!"})]
    page.save_revision().publish()
    return PetitionPage.objects.get(pk=page.pk)


def solved_pow():
    return pow.solve(pow.new_challenge())


def form_data(**overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Durand",
        "email": "camille.durand@example.org",
        "postcode": "69003",
        "country": "FR",
        "phone": "",
        "updates": "on",
        "newsletter": "",
        "website": "",
        "altcha": solved_pow(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def sign_url(petition, language="fr"):
    """Where the page's form posts (its action)."""
    from django.urls import reverse

    return reverse("petitions:sign", args=[petition.pk]) + f"?lang={language}"


def sign(client, petition, **overrides):
    _site_id, root_url, _path = petition.get_url_parts()
    host = root_url.split("://", 1)[1].split(":")[0]
    return client.post(
        sign_url(petition), form_data(**overrides), REMOTE_ADDR="192.0.2.10", HTTP_HOST=host
    )


def confirm_link(message):
    """(the link, the signature's id, its token) of a confirmation email."""
    found = re.search(r"https?://\S+/confirm/(\d+)/([\w\-]+)/(?:\?lang=\w+)?", message.body)
    assert found, message.body
    return found.group(0), int(found.group(1)), found.group(2)


def last_mail_to(address):
    for message in reversed(mail.outbox):
        if address in message.to:
            return message
    raise AssertionError(f"no email to {address}")
