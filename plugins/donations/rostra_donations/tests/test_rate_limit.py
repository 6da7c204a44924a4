"""The donation form's rate limit (rostra.rate_limits): over it, the form is
refused with a message in the donor's language and nothing is started."""

import pytest

from rostra_donations.models import Donation
from rostra_donations.tests.conftest import DONOR

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Trop de tentatives depuis votre connexion. Merci de patienter quelques minutes."),
        ("en", "Too many attempts from your connection. Please wait a few minutes."),
    ],
)
def test_over_the_limit_the_form_is_refused_with_a_message(
    settings, give, fake_stripe, language, message
):
    settings.DONATIONS_FORM_RATE = 1
    assert give(language=language).status_code == 302  # to the payment page
    response = give(language=language)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Donation.objects.count() == 1


def test_each_visitor_behind_nginx_has_a_limit_of_their_own(
    settings, client, fake_stripe, donation_page
):
    settings.DONATIONS_FORM_RATE = 1
    settings.ROSTRA_CLIENT_IP_HEADER = "X-Real-IP"

    def give_from(address):
        # nginx's address for every visitor; each one's own in X-Real-IP.
        return client.post(
            donation_page.url, DONOR, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=address
        )

    assert give_from("203.0.113.1").status_code == 302
    assert "Trop de tentatives" in give_from("203.0.113.1").content.decode()
    assert give_from("203.0.113.2").status_code == 302
