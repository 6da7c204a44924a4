"""API keys are scoped like their users: a key of site A reads and writes
nothing of site B; a candidate's key sees their territory only, with contact
fields masked where the person did not consent. Every endpoint and method is
walked with keys of each kind."""

import json

import pytest
from rostra.people import api
from rostra.people.models import Person
from rostra_api.tests.conftest import ApiClient, key_for
from rostra_network.tests.conftest import provision

from tests.test_dashboard import gift, petition, signatures

pytestmark = pytest.mark.django_db
METHODS = ("get", "post", "put", "patch", "delete")
ALL = ["read", "write"]
RESOURCES = (
    "petitions",
    "signatures",
    "fundraising_pages",
    "donations",
    "events",
    "attendances",
    "messages",
)
SCOPES = dict.fromkeys(("people", *RESOURCES), ALL)


def supporter(email, postcode, *, consent_email=False):
    person, _ = api.find_or_create(
        email=email, last_name="Martin", phone="+33612345678", postcode=postcode
    )
    if consent_email:
        api.record_consent(person, purpose="newsletter", granted=True, wording="Oui")
    return person


@pytest.fixture
def world(national_site, admin_user, blueprint):
    lyon = provision("Alice Martin", "lyon", communes=["69123"])
    lille = provision("Bruno Petit", "lille", communes=["59350"])
    people = {
        "lyon_quiet": supporter("quiet@example.org", "69002"),
        "lyon_agreed": supporter("agreed@example.org", "69003", consent_email=True),
        "lille": supporter("lille@example.org", "59000"),
        "paris": supporter("paris@example.org", "75011"),
    }
    petitions = {
        "national": petition(national_site, "Petition nationale"),
        "lyon": petition(lyon.site, "Petition lyonnaise"),
        "lille": petition(lille.site, "Petition lilloise"),
    }
    for page in petitions.values():
        signatures(page, 1)
    donations = {
        "lyon": gift(lyon.site, people["lyon_quiet"], 2000, 1),
        "lille": gift(lille.site, people["lille"], 3000, 1),
    }
    keys = {
        "national": key_for(national_site, admin_user, SCOPES)[1],
        "lyon": key_for(lyon.site, lyon.user, SCOPES)[1],
        "lille": key_for(lille.site, lille.user, SCOPES)[1],
    }
    return {"people": people, "petitions": petitions, "donations": donations, "keys": keys}


def read_all(client, url):
    ids = []
    while url:
        body = client.get(url).json()
        ((_name, items),) = body["_embedded"].items()
        ids += [int(item["identifiers"][0].split(":")[1]) for item in items]
        url = body["_links"].get("next", {}).get("href")
    return ids


@pytest.fixture
def blueprint(national_site):
    from rostra_network.models import Blueprint

    blueprint = Blueprint.load()
    blueprint.organisation_name = "Élan commun"
    blueprint.save()
    return blueprint


def test_a_candidate_key_reads_their_territory_only(world):
    people = world["people"]
    lyon = ApiClient(world["keys"]["lyon"])
    assert sorted(read_all(lyon, "/api/osdi/v1/people")) == sorted(
        [people["lyon_quiet"].pk, people["lyon_agreed"].pk]
    )
    for outsider in ("lille", "paris"):
        assert lyon.get(f"/api/osdi/v1/people/{people[outsider].pk}").status_code == 404
    national = ApiClient(world["keys"]["national"])
    assert len(read_all(national, "/api/osdi/v1/people")) == 4


def test_masked_fields_stay_masked_for_a_candidate_key(world):
    people = world["people"]
    lyon = ApiClient(world["keys"]["lyon"])
    quiet = lyon.get(f"/api/osdi/v1/people/{people['lyon_quiet'].pk}").json()
    assert quiet["email_addresses"] == []
    assert quiet["phone_numbers"] == []
    assert "email" in quiet["rostra:masked"]
    assert "quiet@example.org" not in json.dumps(quiet)
    agreed = lyon.get(f"/api/osdi/v1/people/{people['lyon_agreed'].pk}").json()
    assert agreed["email_addresses"][0]["address"] == "agreed@example.org"
    national = ApiClient(world["keys"]["national"])
    shown = national.get(f"/api/osdi/v1/people/{people['lyon_quiet'].pk}").json()
    assert shown["email_addresses"][0]["address"] == "quiet@example.org"


def test_a_site_key_reads_its_own_site_only(world):
    petitions, donations = world["petitions"], world["donations"]
    lyon = ApiClient(world["keys"]["lyon"])
    # The blueprint gave each candidate site a petition page of its own too.
    seen = read_all(lyon, "/api/osdi/v1/petitions")
    assert petitions["lyon"].pk in seen
    assert petitions["lille"].pk not in seen and petitions["national"].pk not in seen
    assert read_all(lyon, "/api/osdi/v1/donations") == [donations["lyon"].pk]
    assert lyon.get(f"/api/osdi/v1/petitions/{petitions['lille'].pk}").status_code == 404
    assert lyon.get(f"/api/osdi/v1/donations/{donations['lille'].pk}").status_code == 404
    national = ApiClient(world["keys"]["national"])
    seen = read_all(national, "/api/osdi/v1/petitions")
    assert petitions["national"].pk in seen
    assert petitions["lyon"].pk not in seen and petitions["lille"].pk not in seen
    assert read_all(national, "/api/osdi/v1/donations") == []


def test_a_signup_by_a_candidate_key_tells_nothing_of_someone_outside(world):
    lyon = ApiClient(world["keys"]["lyon"])
    body = {"person": {"email_addresses": [{"address": "lille@example.org"}]}}
    response = lyon.post("/api/osdi/v1/people", json.dumps(body), content_type="application/json")
    assert response.status_code == 202
    assert "lille@example.org" not in response.content.decode()
    assert Person.objects.get(email="lille@example.org").last_name == "Martin"


def test_every_endpoint_and_method_with_every_key(world):
    """No 500 anywhere; what a key reads is always within its scope; the
    methods an endpoint does not take are refused."""
    people, petitions, donations = world["people"], world["petitions"], world["donations"]
    endpoints = ["/api/osdi/v1/", "/api/osdi/v1/people", "/api/osdi/v1/people/person_signup"]
    endpoints += [f"/api/osdi/v1/people/{person.pk}" for person in people.values()]
    for name in (*RESOURCES, "nothing"):
        endpoints.append(f"/api/osdi/v1/{name}")
    endpoints += [f"/api/osdi/v1/petitions/{page.pk}" for page in petitions.values()]
    endpoints += [f"/api/osdi/v1/donations/{gift.pk}" for gift in donations.values()]
    outside = {
        "lyon": {people["lille"].pk, people["paris"].pk},
        "lille": {people["lyon_quiet"].pk, people["lyon_agreed"].pk, people["paris"].pk},
    }
    before = Person.objects.count()
    for holder, token in world["keys"].items():
        client = ApiClient(token)
        for url in endpoints:
            for method in METHODS:
                if method == "get":
                    response = client.get(url)
                else:
                    response = getattr(client, method)(url, "{}", content_type="application/json")
                assert response.status_code < 500, (holder, method, url)
                if method == "get" and url.endswith("person_signup"):
                    assert response.status_code == 405
                if method in ("put", "patch", "delete"):
                    assert response.status_code in (404, 405), (holder, method, url)
                if response.status_code == 200 and "/people/" in url and holder in outside:
                    pk = int(url.rsplit("/", 1)[1])
                    assert pk not in outside[holder], (holder, url)
    assert Person.objects.count() == before  # the "{}" posts were refused whole
