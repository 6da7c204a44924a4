"""The API driven the way an OSDI client drives it: nothing but the entry
point's URL is known; everything else is found by following ``_links``."""

from urllib.parse import urlsplit

from rostra.people import api as people_api

from rostra_api.tests.conftest import ApiClient


def follow(client, href):
    """GET a link the API gave (absolute URLs, as a client would use them)."""
    parts = urlsplit(href)
    assert parts.netloc == "testserver"
    response = client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/hal+json"
    return response.json()


def test_an_osdi_client_discovers_pages_and_signs_someone_up(national_key):
    for n in range(5):
        people_api.find_or_create(email=f"supporter{n}@example.org", first_name=f"S{n}")
    client = ApiClient(national_key[1])

    entry = follow(client, "http://testserver/api/osdi/v1/")
    curies = {curie["name"]: curie for curie in entry["_links"]["curies"]}
    assert "osdi" in curies and curies["osdi"]["templated"]

    # Page through everyone, two at a time, by the "next" links only.
    page = follow(client, entry["_links"]["osdi:people"]["href"] + "?per_page=2")
    names = []
    while True:
        names += [person["given_name"] for person in page["_embedded"]["osdi:people"]]
        for person in page["_embedded"]["osdi:people"]:
            assert follow(client, person["_links"]["self"]["href"])["given_name"]
        if "next" not in page["_links"]:
            break
        page = follow(client, page["_links"]["next"]["href"])
    assert names == ["S0", "S1", "S2", "S3", "S4"]

    # Sign someone up through the helper the entry point names.
    helper = urlsplit(entry["_links"]["osdi:person_signup_helper"]["href"]).path
    created = client.post_json(
        helper,
        {
            "person": {
                "given_name": "Nina",
                "email_addresses": [{"address": "nina@example.org"}],
                "postal_addresses": [{"postal_code": "75011"}],
            },
            "rostra:consents": [
                {"purpose": "newsletter", "channel": "email", "wording": "News by email, please."}
            ],
        },
    )
    assert created.status_code == 201
    person = created.json()
    assert follow(client, person["_links"]["self"]["href"])["given_name"] == "Nina"

    # And find her again as a client syncing changes would.
    since = person["modified_date"]
    changed = follow(
        client, entry["_links"]["osdi:people"]["href"] + f"?filter=modified_date eq '{since}'"
    )
    assert [p["given_name"] for p in changed["_embedded"]["osdi:people"]] == ["Nina"]
