"""Tags and taggings: the tags on the people a key may read, and the links
between them and those people."""

from urllib.parse import urlsplit

from rostra.people import api as people_api

from rostra_api.tests.conftest import ApiClient, key_for

SCOPES = {"people": ["read"], "tags": ["read"], "taggings": ["read"]}


def get(client, href):
    parts = urlsplit(href)
    response = client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    assert response.status_code == 200, response.content
    return response.json()


def test_tags_lead_to_their_people_and_back(national_site, admin_user):
    lea, _ = people_api.find_or_create(email="lea@example.org", tags=["volunteer", "donor"])
    people_api.find_or_create(email="max@example.org", tags=["volunteer"])
    client = ApiClient(key_for(national_site, admin_user, SCOPES)[1])

    tags = get(client, "/api/osdi/v1/tags")["_embedded"]["osdi:tags"]
    assert sorted(tag["name"] for tag in tags) == ["donor", "volunteer"]
    volunteer = next(tag for tag in tags if tag["name"] == "volunteer")
    taggings = get(client, volunteer["_links"]["osdi:taggings"]["href"])
    people = [
        get(client, tagging["_links"]["osdi:person"]["href"])["email_addresses"][0]["address"]
        for tagging in taggings["_embedded"]["osdi:taggings"]
    ]
    assert people == ["lea@example.org", "max@example.org"]

    person = get(client, f"/api/osdi/v1/people/{lea.pk}")
    hers = get(client, person["_links"]["osdi:taggings"]["href"])["_embedded"]["osdi:taggings"]
    names = {get(client, t["_links"]["osdi:tag"]["href"])["name"] for t in hers}
    assert names == {"volunteer", "donor"}


def test_tags_have_no_dates_to_filter_by(national_site, admin_user):
    client = ApiClient(key_for(national_site, admin_user, SCOPES)[1])
    response = client.get("/api/osdi/v1/tags?filter=modified_date gt '2026-01-01'")
    assert response.status_code == 400
    assert "no modified_date" in response.json()["error"]


def test_tags_need_their_own_scope(api):
    assert api.get("/api/osdi/v1/tags").status_code == 403
