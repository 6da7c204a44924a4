"""The provisioning form picks the territory from lists with search: a
constituency from Wagtail's snippet chooser, communes from Wagtail's tag field
fed by the shipped territory data."""

import json

from rostra.people.models import Constituency

from rostra_network.models import CandidateSite


def test_the_form_offers_a_constituency_chooser_and_a_commune_search(admin_user, client):
    client.force_login(admin_user)
    page = client.get("/admin/network/provision/").content.decode()
    assert "/admin/snippets/choose/people/constituency/" in page
    assert 'data-controller="w-tag"' in page
    assert 'data-w-tag-url-value="/admin/network/provision/communes/"' in page


def test_the_commune_search_answers_by_name_or_code(admin_user, client):
    client.force_login(admin_user)
    by_name = json.loads(client.get("/admin/network/provision/communes/?term=villeurb").content)
    assert by_name == ["Villeurbanne — 69 (69266)"]
    by_code = json.loads(client.get("/admin/network/provision/communes/?term=6938").content)
    assert "Lyon 1er Arrondissement — 69 (69381)" in by_code
    assert json.loads(client.get("/admin/network/provision/communes/?term=").content) == []


def test_a_site_is_created_from_what_the_lists_gave(
    blueprint, admin_user, client, django_capture_on_commit_callbacks
):
    constituency = Constituency.objects.create(code="69-06", name="Rhône, 6e circonscription")
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/network/provision/",
            {
                "name": "Chloé Roux",
                "hostname": "villeurbanne",
                "email": "chloe@example.org",
                "constituency": constituency.pk,
                "communes": '"Villeurbanne — 69 (69266)", "Vaulx-en-Velin — 69 (69256)"',
            },
        )
    candidate = CandidateSite.objects.get(slug="chloe-roux")
    assert (candidate.constituency, sorted(candidate.communes)) == ("69-06", ["69256", "69266"])


def test_candidates_cannot_search_the_commune_list(candidate_a, client):
    client.force_login(candidate_a.user)
    response = client.get("/admin/network/provision/communes/?term=lyon")
    assert response.status_code != 200
    assert b"69123" not in response.content


def test_a_candidate_standing_in_a_whole_departement(
    blueprint, national_site, admin_user, client, django_capture_on_commit_callbacks
):
    """A département picked from its list is the territory: the directory
    names the candidate for its communes and their team sees its supporters."""
    from rostra.people import api

    from rostra_network.models import NetworkDirectoryPage

    client.force_login(admin_user)
    found = client.get("/admin/network/provision/departements/?term=gironde").content
    assert json.loads(found) == ["Gironde (33)"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/network/provision/",
            {
                "name": "Chloé Roux",
                "hostname": "gironde",
                "email": "chloe@example.org",
                "departements": '"Gironde (33)"',
            },
        )
    candidate = CandidateSite.objects.get(slug="chloe-roux")
    assert (candidate.departements, candidate.region_code) == (["33"], "75")
    assert candidate.territory_label == "Gironde"
    national_site.root_page.add_child(
        instance=NetworkDirectoryPage(title="Nos candidats", slug="candidats")
    )
    answer = client.get("/candidats/?q=33000").content.decode()
    assert "Chloé Roux" in answer.split("directory-result")[1]
    api.find_or_create(email="a@example.org", last_name="Bordelaise", postcode="33000")
    api.find_or_create(email="b@example.org", last_name="Lyonnaise", postcode="69003")
    client.force_login(candidate.user)
    listing = client.get("/admin/people/person/").content.decode()
    assert "Bordelaise" in listing and "Lyonnaise" not in listing
