"""The network directory on the national site: "who is my candidate?"."""

import pytest

from rostra_network.models import NetworkDirectoryPage


@pytest.fixture
def directory(national_site):
    page = national_site.root_page.add_child(
        instance=NetworkDirectoryPage(title="Nos candidats", slug="candidats")
    )
    return page


def test_search_by_postcode_or_commune(directory, candidate_a, candidate_b, client):
    by_postcode = client.get("/candidats/?q=69003").content.decode()
    assert "Alice Martin" in by_postcode.split("directory-result")[1].split("</section>")[0]
    assert 'href="http://lyon.localhost/"' in by_postcode
    by_name = client.get("/candidats/?q=Lille").content.decode()
    result = by_name.split("directory-result")[1].split("</section>")[0]
    assert "Bruno Petit" in result and "Alice Martin" not in result


def test_unknown_place_and_empty_place_are_explained(directory, candidate_a, client):
    unknown = client.get("/candidats/?q=Atlantide").content.decode()
    assert "Nous n'avons pas pu situer « Atlantide »" in unknown
    nobody = client.get("/candidats/?q=33000").content.decode()
    assert "Aucun de nos candidats ne se présente encore à Bordeaux." in nobody


def test_no_third_party_map_or_script(directory, candidate_a, client):
    page = client.get("/candidats/?q=69003").content.decode()
    assert "Tous nos candidats" in page
    for outside in ("googleapis", "openstreetmap", "mapbox", "leaflet", '<script src="http'):
        assert outside not in page
