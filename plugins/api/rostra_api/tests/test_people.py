"""The people list: OSDI persons, keyset pages, modified_date filters."""

import datetime

import pytest
from django.utils import timezone
from rostra.people import api as people_api
from rostra.people.models import Person

PEOPLE = "/api/osdi/v1/people"


def make_people(count, start=0):
    return [
        people_api.find_or_create(
            email=f"person{n}@example.org", first_name=f"P{n}", last_name="Martin", postcode="69001"
        )[0]
        for n in range(start, start + count)
    ]


def walk(api, url):
    seen = []
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [p["identifiers"][0] for p in body["_embedded"]["osdi:people"]]
        url = body["_links"].get("next", {}).get("href")
    return seen


def test_a_person_reads_as_osdi(api):
    person = make_people(1)[0]
    person.phone = "+33478000000"
    person.address_line1 = "1 place Bellecour"
    person.save()
    body = api.get(PEOPLE).json()
    assert body["_links"]["curies"][0]["name"] == "osdi"
    (item,) = body["_embedded"]["osdi:people"]
    assert item["identifiers"] == [f"rostra:{person.pk}"]
    assert item["given_name"] == "P0"
    assert item["family_name"] == "Martin"
    assert item["email_addresses"] == [{"address": "person0@example.org", "primary": True}]
    assert item["phone_numbers"][0]["number"] == "+33478000000"
    assert item["postal_addresses"][0]["postal_code"] == "69001"
    assert item["postal_addresses"][0]["address_lines"] == ["1 place Bellecour"]
    assert item["modified_date"].endswith("Z")
    one = api.get(item["_links"]["self"]["href"])
    assert one.status_code == 200
    assert one.json()["identifiers"] == item["identifiers"]
    assert one["Content-Type"] == "application/hal+json"


def test_pages_follow_next_links_to_the_end(api):
    people = make_people(7)
    assert walk(api, f"{PEOPLE}?per_page=3") == [f"rostra:{p.pk}" for p in people]


def test_pages_stay_stable_under_concurrent_writes(api):
    """Rows added or changed while a tool pages through neither repeat nor
    push others out of its walk: every person there at the start is read
    once, and the new ones at the end."""
    people = make_people(6)
    first = api.get(f"{PEOPLE}?per_page=2").json()
    # Meanwhile: someone new, someone earlier changed, someone erased-free edit.
    make_people(2, start=100)
    people[0].first_name = "Changed"
    people[0].save()
    people[4].last_name = "Moved"
    people[4].save()
    seen = [p["identifiers"][0] for p in first["_embedded"]["osdi:people"]]
    seen += walk(api, first["_links"]["next"]["href"])
    assert seen[:6] == [f"rostra:{p.pk}" for p in people]
    assert len(seen) == len(set(seen)) == 8


def test_merged_and_erased_people_are_not_listed(api):
    kept, duplicate, erased = make_people(3)
    people_api.merge(kept, duplicate)
    people_api.erase(erased)
    assert walk(api, PEOPLE) == [f"rostra:{kept.pk}"]


def test_filter_by_modified_date(api):
    old, recent = make_people(2)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Person.objects.filter(pk=old.pk).update(updated_at=long_ago)
    day = (timezone.now() - datetime.timedelta(days=1)).date().isoformat()
    assert walk(api, f"{PEOPLE}?filter=modified_date gt '{day}'") == [f"rostra:{recent.pk}"]
    assert walk(api, f"{PEOPLE}?filter=modified_date lt '{day}'") == [f"rostra:{old.pk}"]
    assert walk(api, f"{PEOPLE}?filter=modified_date eq '{long_ago.date().isoformat()}'") == [
        f"rostra:{old.pk}"
    ]
    instant = long_ago.isoformat().replace("+00:00", "Z")
    assert walk(api, f"{PEOPLE}?filter=modified_date eq '{instant}'") == [f"rostra:{old.pk}"]
    both = f"modified_date gt '{long_ago.date().isoformat()}' and created_date lt '2999-01-01'"
    assert walk(api, f"{PEOPLE}?filter={both}") == [f"rostra:{recent.pk}"]


@pytest.mark.parametrize(
    "query",
    [
        "filter=modified_date ge '2026-01-01'",
        "filter=email eq 'a@example.org'",
        "filter=modified_date gt 'yesterday'",
        "per_page=0",
        "per_page=101",
        "per_page=lots",
        "after=-4",
        "after=abc",
    ],
)
def test_bad_list_parameters_get_a_clear_400(api, query):
    response = api.get(f"{PEOPLE}?{query}")
    assert response.status_code == 400
    assert response.json()["error"]


def test_the_entry_point_links_every_resource(api):
    body = api.get("/api/osdi/v1/").json()
    assert body["osdi_version"] == "1.1"
    assert body["_links"]["osdi:people"]["href"].endswith("/api/osdi/v1/people")
    assert "osdi:person_signup_helper" in body["_links"]
