"""National pages pushed to candidate sites, and national signatures credited
to the candidate site the signer came from."""

import re
from html import unescape

import pytest
from django.utils import timezone
from rostra.pages.models import NewsArticlePage, NewsIndexPage

from rostra_network.models import Blueprint, SignatureCredit, Syndication

petitions = pytest.importorskip("rostra_petitions.tests.conftest")


@pytest.fixture
def national_news(national_site):
    index = national_site.root_page.add_child(
        instance=NewsIndexPage(title="Actualités nationales", slug="actualites-nationales")
    )
    article = index.add_child(
        instance=NewsArticlePage(
            title="Notre programme pour le rail", slug="rail", date=timezone.localdate()
        )
    )
    return index, article


@pytest.fixture(autouse=True)
def _fast_pow(settings):
    settings.PETITIONS_POW_MAX_NUMBER = 40


def test_party_news_feed_shows_on_every_candidate_home(
    candidate_a, candidate_b, national_news, client
):
    blueprint = Blueprint.load()
    blueprint.party_news = national_news[0]
    blueprint.save()
    for host in ("lyon.localhost", "lille.localhost"):
        page = client.get("/", HTTP_HOST=host).content.decode()
        assert "Actualités du parti" in page  # public pages speak the site's French
        assert "Notre programme pour le rail" in page
        assert 'href="http://localhost/actualites-nationales/rail/"' in page


def test_a_push_reaches_all_sites_or_one_region(candidate_a, candidate_b, national_news, client):
    _index, article = national_news
    push = Syndication.objects.create(page=article, region_code="84")  # Auvergne-Rhône-Alpes
    lyon = client.get("/", HTTP_HOST="lyon.localhost").content.decode()
    lille = client.get("/", HTTP_HOST="lille.localhost").content.decode()
    assert "Notre programme pour le rail" in lyon
    assert "Notre programme pour le rail" not in lille
    push.region_code = ""
    push.save()
    lille = client.get("/", HTTP_HOST="lille.localhost").content.decode()
    assert "Notre programme pour le rail" in lille
    # One source of truth: a correction on the national page shows everywhere.
    article.title = "Notre programme pour le rail, corrigé"
    article.save_revision().publish()
    lille = client.get("/", HTTP_HOST="lille.localhost").content.decode()
    assert "Notre programme pour le rail, corrigé" in lille


def test_a_signature_from_a_candidate_site_counts_nationally_and_is_credited(
    candidate_a, national_site, client
):
    petition = petitions.petition.__wrapped__(national_site)
    Syndication.objects.create(page=petition, region_code="")
    home = client.get("/", HTTP_HOST="lyon.localhost").content.decode()
    link = f"{petition.full_url}?via=lyon"
    assert f'href="{link}"' in home
    form = client.get(petition.url + "?via=lyon", HTTP_HOST="localhost").content.decode()
    assert '<input type="hidden" name="via" value="lyon">' in form

    # The form posts where its action says, with the candidate site's slug.
    action = re.search(r'<form class="petition-form"[^>]* action="([^"]+)"', form).group(1)
    response = client.post(
        unescape(action),
        # Rennes: outside the Lyon candidate's territory.
        petitions.form_data(via="lyon", email="camille@example.org", postcode="35000"),
        REMOTE_ADDR="192.0.2.10",
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    signature = petition.signatures.get()
    assert signature.petition_id == petition.pk  # counted for the national petition
    credit = SignatureCredit.objects.get()
    assert (credit.site, credit.signature_id) == (candidate_a.site, signature.pk)
    from rostra.people.models import Person

    from rostra_network import scoping

    def among_supporters():
        people = scoping.people_for_user(candidate_a.user, Person.objects.all())
        return people.filter(email_canonical="camille@example.org").exists()

    # Not before the address is confirmed: anyone can type anyone's address.
    assert not among_supporters()
    url, _id, _token = petitions.confirm_link(petitions.last_mail_to("camille@example.org"))
    client.post(url, HTTP_HOST="localhost")
    # Then the signer shows among the candidate's supporters (acted on their site).
    assert among_supporters()


def test_a_signature_without_via_is_not_credited(candidate_a, national_site, client):
    petition = petitions.petition.__wrapped__(national_site)
    client.post(
        petition.url,
        petitions.form_data(email="dominique@example.org"),
        REMOTE_ADDR="192.0.2.11",
        HTTP_HOST="localhost",
    )
    assert petition.signatures.count() == 1
    assert not SignatureCredit.objects.exists()


def test_push_form_refuses_a_candidate_page(candidate_a, admin_user, client):
    client.force_login(admin_user)
    own_page = candidate_a.site.root_page.get_children().first()
    response = client.post("/admin/network/pushes/new/", {"page": own_page.pk, "region_code": ""})
    assert (
        "Choose a page of one of these types: news article, petition." in response.content.decode()
    )
    assert not Syndication.objects.exists()
