"""A petition translated into English is one petition in two languages: the
signatures on either page count for both, once per address, and each keeps its
signer's language."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from rostra_petitions import confirmations, counting
from rostra_petitions.models import Signature
from rostra_petitions.tests.conftest import confirm_link, form_data, last_mail_to, sign_url

pytestmark = pytest.mark.django_db


def _sign_and_confirm(petition, email, language):
    client = Client()
    client.post(
        sign_url(petition, language),
        form_data(email=email),
        REMOTE_ADDR="192.0.2.10",
    )
    confirmations.send_waiting()
    url, _id, _token = confirm_link(last_mail_to(email))
    response = client.post(url.replace("http://localhost", ""))
    assert response.status_code == 303
    return response


def test_a_signature_in_each_language_counts_for_both_pages(client, petition, petition_en):
    english = _sign_and_confirm(petition_en, "alex@example.org", "en")
    _sign_and_confirm(petition, "camille@example.org", "fr")
    counting.fold()

    # The English signer was thanked on the English page, in English.
    assert english["Location"] == f"{petition_en.url}confirmed/"
    assert "/en/" in petition_en.url
    email = last_mail_to("alex@example.org")
    assert "Save the local railway lines" in email.body
    assert dict(Signature.objects.values_list("email", "language")) == {
        "alex@example.org": "en",
        "camille@example.org": "fr",
    }

    for page in (petition, petition_en):
        assert client.get(f"{page.url}count.json").json()["signatures"] == 2
        assert counting.public_count(page)["total"] == 2
    # The threshold is reached for both, each page saying it in its language.
    assert "Two signatures already!" in client.get(petition_en.url).content.decode()
    assert "Déjà deux signatures !" in client.get(petition.url).content.decode()


def test_an_address_signs_a_petition_once_whatever_the_language(petition, petition_en):
    for page, language in ((petition, "fr"), (petition_en, "en")):
        Client().post(
            sign_url(page, language),
            form_data(email="camille@example.org"),
            REMOTE_ADDR="192.0.2.10",
        )
    assert Signature.objects.count() == 1
    assert Signature.objects.get().language == "fr"


def test_the_admin_lists_both_languages_signatures_with_their_language(
    petition, petition_en, admin_user
):
    _sign_and_confirm(petition_en, "alex@example.org", "en")
    _sign_and_confirm(petition, "camille@example.org", "fr")
    client = Client()
    client.force_login(admin_user)
    # Wagtail's "Forms" link of the English page leads to the petition's signatures.
    listing = client.get(petition_en.serve_submissions_list_view(None)["Location"])
    page = listing.content.decode()
    assert "alex@example.org" in page and "camille@example.org" in page
    assert "ordering=language" in page  # the sortable "Langue" column


@pytest.mark.parametrize(
    "admin_language, names", [("fr", ("Anglais", "Français")), ("en", ("English", "French"))]
)
def test_the_signatures_list_names_the_signers_language_in_the_admins_language(
    petition, petition_en, admin_user, admin_language, names
):
    from wagtail.users.models import UserProfile

    UserProfile.get_for_user(admin_user).__class__.objects.filter(user=admin_user).update(
        preferred_language=admin_language
    )
    alex = _sign_and_confirm(petition_en, "alex@example.org", "en")
    assert alex.status_code == 303
    _sign_and_confirm(petition, "camille@example.org", "fr")
    client = Client()
    client.force_login(admin_user)
    page = client.get(reverse("petitions_signatures:index")).content.decode()
    cells = [
        re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)
    ]
    assert names[0] in cells and names[1] in cells, cells
    assert "en" not in cells and "fr" not in cells
    signature = Signature.objects.get(email="alex@example.org")
    inspect = client.get(reverse("petitions_signatures:inspect", args=[signature.pk]))
    assert names[0] in inspect.content.decode()
