"""Public data: count.json, geography, embeds; the per-site plugin switch."""

import pytest
from rostra.sitesettings.models import PluginSettings

from rostra_petitions import counting
from rostra_petitions.models import PetitionPage
from rostra_petitions.tests.conftest import confirm_link, last_mail_to, sign

pytestmark = pytest.mark.django_db


def _confirmed(client, petition, email, postcode="69003", country="FR"):
    sign(client, petition, email=email, postcode=postcode, country=country)
    url, _id, _token = confirm_link(last_mail_to(email))
    client.post(url)


def test_count_json_is_cacheable_and_holds_no_personal_data(client, petition):
    _confirmed(client, petition, "a@example.org")
    counting.fold()
    response = client.get(f"{petition.url}count.json")
    assert response.status_code == 200
    data = response.json()
    assert data["signatures"] == 1 and data["goal"] == 100 and data["updated_at"]
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=5" in cache_control
    assert "stale-while-revalidate" in cache_control and "stale-if-error" in cache_control
    assert "a@example.org" not in response.content.decode()
    assert "Camille" not in response.content.decode()
    assert "csrftoken" not in response.cookies


def test_count_json_says_nothing_before_the_aggregator_runs(client, petition):
    _confirmed(client, petition, "a@example.org")
    assert client.get(f"{petition.url}count.json").json()["signatures"] == 0


def test_geography_by_departement_and_country(client, petition):
    _confirmed(client, petition, "a@example.org", "69003")
    _confirmed(client, petition, "b@example.org", "69001")
    _confirmed(client, petition, "c@example.org", "13001")
    _confirmed(client, petition, "d@example.org", "1000", "BE")
    counting.fold()
    data = client.get(f"{petition.url}geography.json").json()
    assert data["departements"][0] == {"code": "69", "name": "Rhône", "count": 2}
    assert {row["code"]: row["count"] for row in data["countries"]} == {"FR": 3, "BE": 1}
    page = client.get(f"{petition.url}geography/")
    assert page.status_code == 200
    assert "Rhône" in page.content.decode()


def test_the_embed_may_be_framed_by_other_sites(client, petition):
    response = client.get(f"{petition.url}embed/")
    assert response.status_code == 200
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert petition.title in response.content.decode()
    script = client.get("/_petitions/embed.js")
    assert script.status_code == 200
    assert "data-rostra-petition" in script.content.decode()
    # the petition page itself is not framable
    assert "frame-ancestors 'none'" in client.get(petition.url)["Content-Security-Policy"]


def test_the_page_is_404_where_the_plugin_is_switched_off(client, petition, national_site):
    PluginSettings.objects.update_or_create(site=national_site, defaults={"enabled": []})
    assert client.get(petition.url).status_code == 404
    assert client.get(f"{petition.url}count.json").status_code == 404
    assert not PetitionPage.can_create_at(national_site.root_page)


def test_petitions_work_on_another_site_of_the_network(client, other_site):
    page = other_site.root_page.add_child(
        instance=PetitionPage(
            title="Pétition lyonnaise", slug="petition-lyon", intro="Lyon", goal=10
        )
    )
    page.save_revision().publish()
    response = client.get("/petition-lyon/", HTTP_HOST="lyon.localhost")
    assert response.status_code == 200
    assert PetitionPage.can_create_at(other_site.root_page)
    PluginSettings.objects.update_or_create(site=other_site, defaults={"enabled": []})
    assert not PetitionPage.can_create_at(other_site.root_page)
    assert client.get("/petition-lyon/", HTTP_HOST="lyon.localhost").status_code == 404


def test_share_links_load_nothing_from_the_networks(client, petition):
    html = client.get(petition.url).content.decode()
    assert "facebook.com/sharer" in html
    for tag in (
        '<script src="http',
        "<iframe",
        '<img src="http',
        '<link rel="stylesheet" href="http',
    ):
        assert tag not in html
