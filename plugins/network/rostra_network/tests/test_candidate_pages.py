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
