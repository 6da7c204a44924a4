"""The signing form reads a phone like the supporters import does: an overseas
signer's national number gets their territory's calling code (their postcode
decides where both plans have the number), and the person keeps it."""

from html import unescape

import pytest
from rostra.people import api

from rostra_petitions.models import Signature
from rostra_petitions.tests.conftest import confirm_link, last_mail_to, sign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("postcode", "written", "stored"),
    [
        ("97110", "0690 12 34 56", "+590690123456"),  # Guadeloupe
        ("97110", "0590 81 12 34", "+590590811234"),
        ("97200", "0696 20 12 34", "+596696201234"),  # Martinique
        ("97200", "0596 30 12 34", "+596596301234"),
        ("97300", "0694 20 12 34", "+594694201234"),  # Guyane
        ("97300", "0594 10 12 34", "+594594101234"),
        ("97400", "0692 12 34 56", "+262692123456"),  # La Réunion
        ("97400", "0693 01 23 45", "+262693012345"),
        ("97400", "0262 16 12 34", "+262262161234"),
        ("97600", "0639 01 23 45", "+262639012345"),  # Mayotte
        ("97600", "0269 60 12 34", "+262269601234"),
        ("97500", "41 23 45", "+508412345"),  # Saint-Pierre-et-Miquelon
        ("97133", "0590 27 12 34", "+590590271234"),  # Saint-Barthélemy
        ("97150", "0590 77 12 34", "+590590771234"),  # Saint-Martin
        ("69003", "06 12 34 56 78", "+33612345678"),
    ],
)
def test_an_overseas_signer_keeps_their_number(client, petition, postcode, written, stored):
    response = sign(client, petition, postcode=postcode, phone=written)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Signature.objects.get().phone == stored
    url, _id, _token = confirm_link(last_mail_to("camille.durand@example.org"))
    client.post(url.replace("http://localhost", ""))
    assert api.find("camille.durand@example.org").phone == stored


def test_a_number_that_is_not_one_is_refused_in_the_signers_words(client, petition):
    response = sign(client, petition, phone="01 23")
    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert "« 01 23 » n'est pas un numéro de téléphone valide." in page
    assert not Signature.objects.exists()
