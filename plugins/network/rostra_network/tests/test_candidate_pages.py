"""What a visitor of a new candidate site reads: the candidate's name in the
header (the party's under it), and a candidate's page filled from the
provisioning order rather than left empty."""

import re
from html import unescape

from rostra.people.models import Constituency, ConstituencyArea

from rostra_network.models import CandidateProfile
from rostra_network.tests.conftest import provision


def _header(response):
    page = response.content.decode()
    return unescape(re.search(r"<header.*?</header>", page, re.S).group(0))


def test_the_header_names_the_candidate_and_the_party_under_the_name(candidate_a, client):
    response = client.get("/", HTTP_HOST="lyon.localhost")
    header = _header(response)
    assert re.search(r'site-header__name">\s*Alice Martin\s*<', header)
    assert "Élan commun" in header
    assert "<title>Alice Martin</title>" in response.content.decode()
    # The national site keeps the organisation's name.
    assert "Alice Martin" not in _header(client.get("/"))


def test_the_header_follows_the_name_the_candidate_chooses(candidate_a, client):
    profile = CandidateProfile.objects.get(site=candidate_a.site)
    profile.display_name = "Dr Alice Martin"
    profile.save()
    assert "Dr Alice Martin" in _header(client.get("/", HTTP_HOST="lyon.localhost"))


def test_the_candidates_page_says_who_stands_where_and_how_to_write(blueprint, client):
    constituency = Constituency.objects.create(code="69-01", name="Rhône, 1re circonscription")
    ConstituencyArea.objects.create(code="69381", constituency=constituency)
    provision("Alice Martin", "lyon", constituency="69-01", communes=["69123"], email="am@ex.org")
    page = unescape(client.get("/candidat/", HTTP_HOST="lyon.localhost").content.decode())
    body = page[page.index("<main") : page.index("</main>")]
    assert "<h2>Alice Martin</h2>" in body
    # In the site's language (French), whoever provisioned it.
    assert "Territoire de campagne : Rhône, 1re circonscription, Lyon" in body
    assert '<a href="mailto:am@ex.org">am@ex.org</a>' in body


def test_a_site_created_later_shows_the_pages_pushed_to_all_and_to_its_region(
    candidate_a, national_site, client
):
    """The demo pushes its petition to every site and its article to the sites
    of Auvergne-Rhône-Alpes only: a Bordeaux site created later shows the first
    and, being in Nouvelle-Aquitaine, not the second."""
    from rostra.pages.models import StandardPage

    from rostra_network.models import Syndication

    pages = {}
    for slug, region in (("pour-tous", ""), ("pour-aura", "84"), ("pour-na", "75")):
        pages[slug] = national_site.root_page.add_child(
            instance=StandardPage(title=f"Page {slug}", slug=slug)
        )
        Syndication.objects.create(page=pages[slug], region_code=region)
    provision("Chloé Roux", "bordeaux", communes=["33063"])
    bordeaux = client.get("/", HTTP_HOST="bordeaux.localhost").content.decode()
    lyon = client.get("/", HTTP_HOST="lyon.localhost").content.decode()
    assert "Page pour-tous" in bordeaux and "Page pour-na" in bordeaux
    assert "Page pour-aura" not in bordeaux
    assert "Page pour-tous" in lyon and "Page pour-aura" in lyon and "Page pour-na" not in lyon


def test_a_candidate_site_can_place_a_sign_up_page(candidate_a, national_site):
    from rostra.pages.models import JoinPage

    assert JoinPage.can_create_at(candidate_a.site.root_page.specific)
    assert JoinPage.can_create_at(national_site.root_page.specific)
