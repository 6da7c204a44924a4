"""Views that are no Wagtail page (unsubscribe, "my data") render in the site's
frame — header, main menu, footer — with no ``page`` in their context."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from rostra.people import api, selfservice, unsubscribe
from rostra.sitesettings.models import BrandSettings, NavigationSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["tricolore", "horizon"])
def site_with_a_menu(request, national_site):
    BrandSettings.objects.update_or_create(site=national_site, defaults={"theme": request.param})
    home = national_site.root_page
    about = home.add_child(instance=Page(title="Qui sommes-nous ?", slug="qui-sommes-nous"))
    NavigationSettings.objects.update_or_create(
        site=national_site,
        defaults={"main_menu": [("link", {"label": "", "page": about, "url": ""})]},
    )
    return national_site


@pytest.fixture
def person(site_with_a_menu):
    person, _ = api.find_or_create(
        email="jean@example.org", site=site_with_a_menu, source=api.Source("import", "Salon")
    )
    api.record_consent(person, purpose="newsletter", granted=True)
    return person


def test_the_one_click_unsubscribe_answers_and_records_the_withdrawal(client, person):
    url = unsubscribe.path(person.pk, "newsletter")
    page = client.get(url)
    assert page.status_code == 200
    assert "Qui sommes-nous ?" in page.content.decode()  # the site's main menu
    done = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert not api.can_contact(person, "newsletter")


def test_an_invalid_unsubscribe_link_is_explained(client, site_with_a_menu):
    response = client.get(reverse("people:unsubscribe", args=["not-a-token"]))
    assert response.status_code == 400
    assert "Qui sommes-nous ?" in response.content.decode()


def test_the_data_request_and_the_data_page_answer(client, person):
    assert client.get(reverse("people:my_data_request")).status_code == 200
    asked = client.post(reverse("people:my_data_request"), {"email": "jean@example.org"})
    assert asked.status_code == 200
    link = reverse("people:my_data", args=[selfservice.make_token(person)])
    assert client.get(link).status_code == 200
    shown = client.post(link, {"format": "html"})
    assert shown.status_code == 200 and "jean@example.org" in shown.content.decode()
