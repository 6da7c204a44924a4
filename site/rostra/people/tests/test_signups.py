"""Many signups at once: the same people as find_or_create one by one."""

import pytest

from rostra.people import api, signups
from rostra.people.models import Person, SourceKind, TimelineEntry

pytestmark = pytest.mark.django_db

SOURCE = api.Source(SourceKind.PAGE, "https://example.org/petition/")


def test_new_addresses_become_people_with_their_signup_and_territory():
    people = signups.find_or_create_many(
        [
            {"email": "Anne@Example.org", "first_name": "Anne", "postcode": "69003"},
            {"email": "bruno@example.org", "first_name": "Bruno", "postcode": "75011"},
        ],
        source=SOURCE,
    )
    anne = Person.objects.get(email_canonical="anne@example.org")
    assert people["anne@example.org"] == anne
    assert (anne.first_name, anne.departement_code, anne.commune_code) == ("Anne", "69", "69123")
    assert anne.source_detail == SOURCE.detail
    signup = anne.timeline.get()
    assert signup.kind == TimelineEntry.Kind.SIGNUP
    assert signup.params == {"source": SOURCE.detail}
    assert people["bruno@example.org"].departement_code == "75"


def test_known_people_and_aliases_are_found_and_left_unchanged():
    known, _ = api.find_or_create(email="camille@example.org", first_name="Camille")
    api.add_email(known, "cam@example.net")
    people = signups.find_or_create_many(
        [
            {"email": "camille@example.org", "first_name": "Someone"},
            {"email": "cam@example.net", "first_name": "Else"},
        ],
        source=SOURCE,
    )
    assert people == {"camille@example.org": known, "cam@example.net": known}
    known.refresh_from_db()
    assert known.first_name == "Camille"
    assert Person.objects.count() == 1


def test_a_person_created_meanwhile_elsewhere_is_found_one_by_one(monkeypatch):
    # Our lookup found nobody; another request then created them: our insert
    # meets the unique address.
    monkeypatch.setattr(signups, "find_many", lambda emails: {})
    dana, _ = api.find_or_create(email="dana@example.org", first_name="Dana")
    people = signups.find_or_create_many(
        [{"email": "dana@example.org", "first_name": "Dana"}], source=SOURCE
    )
    assert people == {"dana@example.org": dana}
    assert Person.objects.count() == 1
