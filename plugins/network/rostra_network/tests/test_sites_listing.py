"""The candidate sites screen is Wagtail's listing: figures per site, sortable,
filtered by région, exported; a candidate's team gets Wagtail's refusal."""

import re

from rostra.people import api

from rostra_network.tests.conftest import reads_english


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def test_sites_sorted_filtered_and_exported(candidate_a, candidate_b, admin_user, client):
    for index in range(3):
        api.find_or_create(email=f"lille{index}@example.org", site=candidate_b.site)
    api.find_or_create(email="lyon@example.org", site=candidate_a.site)
    client.force_login(admin_user)
    page = client.get("/admin/network/").content.decode()
    assert 'id="filters-drilldown"' in page and "?ordering=first_seen" in page
    by_name = client.get("/admin/network/?ordering=name").content.decode()
    assert by_name.index("Alice Martin") < by_name.index("Bruno Petit")
    by_people = client.get("/admin/network/?ordering=-first_seen").content.decode()
    assert by_people.index("Bruno Petit") < by_people.index("Alice Martin")
    # Lille is in Hauts-de-France (32), Lyon in Auvergne-Rhône-Alpes (84).
    north = client.get("/admin/network/results/?region_code=32").content.decode()
    assert "Bruno Petit" in north and "Alice Martin" not in north
    csv = body(client.get("/admin/network/?export=csv&ordering=name"))
    lines = csv.strip().splitlines()
    assert len(lines) == 3
    assert re.match(r"Alice Martin,lyon\.localhost,.*,1,\d+,0,", lines[1])
    assert re.match(r"Bruno Petit,lille\.localhost,.*,3,\d+,0,", lines[2])


def test_a_candidate_gets_wagtails_refusal_on_every_sites_url(candidate_a, client):
    reads_english(candidate_a.user)
    client.force_login(candidate_a.user)
    for url in ("/admin/network/", "/admin/network/results/", "/admin/network/?export=csv"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
