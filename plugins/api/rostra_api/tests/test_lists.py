"""Saved segments as OSDI lists; their items are the people they select."""

from urllib.parse import urlsplit

from rostra.people import api as people_api
from rostra.people.models import SavedSegment

from rostra_api.tests.conftest import ApiClient, key_for

SCOPES = {"people": ["read"], "lists": ["read"]}


def test_a_list_leads_to_the_people_it_selects(national_site, admin_user):
    lea, _ = people_api.find_or_create(email="lea@example.org", tags=["volunteer"])
    people_api.find_or_create(email="max@example.org")
    segment = SavedSegment.objects.create(
        name="Volunteers", query="tag=volunteer", created_by=admin_user
    )
    client = ApiClient(key_for(national_site, admin_user, SCOPES)[1])
    (found,) = client.get("/api/osdi/v1/lists").json()["_embedded"]["osdi:lists"]
    assert found["name"] == "Volunteers"
    items = urlsplit(found["_links"]["osdi:items"]["href"])
    people = client.get(f"{items.path}?{items.query}").json()["_embedded"]["osdi:people"]
    assert [p["identifiers"][0] for p in people] == [f"rostra:{lea.pk}"]
    assert client.get(f"/api/osdi/v1/people?list={segment.pk + 99}").status_code == 404
    people_only = ApiClient(key_for(national_site, admin_user, {"people": ["read"]})[1])
    assert people_only.get(f"/api/osdi/v1/people?list={segment.pk}").status_code == 403
