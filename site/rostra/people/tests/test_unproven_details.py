"""What a visitor types reaches a known person only with a proof.

Anyone can type anyone's address (or an alias of it: a +tag, dots at Gmail):
without a proof (address confirmed, payment succeeded, staff), the people API
changes nothing of a person it already holds, not even a blank field."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from rostra.people import api
from rostra.people.models import Person, TimelineEntry

# Everything a public form may give about a person, different from STORED.
TYPED = {
    "first_name": "Mallory",
    "last_name": "Intrus",
    "phone": "04 78 00 00 00",
    "mobile_phone": "07 12 34 56 78",
    "address_line1": "1 place Bellecour",
    "address_line2": "Bâtiment B",
    "postcode": "69002",
    "commune": "Lyon",
    "country": "FR",
    "language": "en",
}
STORED = {
    "first_name": "Victoire",
    "last_name": "Martin",
    "phone": "+33143000000",
    "mobile_phone": "+33612345678",
    "address_line1": "5 rue Oberkampf",
    "address_line2": "",
    "postcode": "75011",
    "commune": "Paris",
    "country": "FR",
    "language": "fr",
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_typed_details_cover_every_field_the_api_merges():
    assert set(TYPED) == set(api.UPDATABLE_FIELDS)


def snapshot(person):
    person = Person.objects.get(pk=person.pk)
    return (
        {name: getattr(person, name) for name in (*api.UPDATABLE_FIELDS, "departement_code")},
        sorted(person.tags.names()),
        list(person.timeline.values_list("kind", flat=True)),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("field", sorted(TYPED))
@pytest.mark.parametrize(
    "address", ["victoire.martin@gmail.com", "Victoire.Martin+don@googlemail.com"]
)
def test_unproven_details_change_nothing_of_a_known_person(field, address):
    """Each field alone, blank or not, from the address or an alias of it."""
    for stored in (STORED[field], ""):
        Person.objects.all().delete()
        person, _ = api.find_or_create(
            email="victoire.martin@gmail.com",
            **{**STORED, field: stored},
            proof=api.Proof.STAFF,
        )
        before = snapshot(person)
        found, created = api.find_or_create(
            email=address, tags=["donateur"], **{field: TYPED[field]}
        )
        assert (found.pk, created) == (person.pk, False)
        assert snapshot(person) == before, f"{field} (stored {stored!r}) was changed"


@pytest.mark.django_db
def test_unproven_details_change_nothing_all_at_once():
    person, _ = api.find_or_create(email="victoire.martin@gmail.com", **STORED)
    before = snapshot(person)
    api.find_or_create(email="victoire.martin+x@gmail.com", **TYPED)
    api.find_or_create(email="victoire.martin@gmail.com", phone="01 23")  # unreadable
    assert snapshot(person) == before
    assert person.departement_code == "75"


@pytest.mark.django_db
@pytest.mark.parametrize("proof", api.Proof.ALL)
def test_with_a_proof_the_details_reach_the_person_and_the_timeline_keeps_the_old(proof):
    person, _ = api.find_or_create(email="victoire.martin@gmail.com", **STORED)
    api.find_or_create(email="victoire.martin+x@gmail.com", proof=proof, **TYPED)
    person.refresh_from_db()
    assert (person.first_name, person.postcode, person.departement_code) == (
        "Mallory",
        "69002",
        "69",
    )
    update = person.timeline.get(kind=TimelineEntry.Kind.UPDATE)
    assert update.data["before"]["postcode"] == "75011"
    assert update.data["before"]["first_name"] == "Victoire"
    assert update.data["proof"] == proof


@pytest.mark.django_db
def test_an_unknown_address_makes_a_new_person_with_what_was_typed():
    person, created = api.find_or_create(email="nouveau@example.org", **TYPED)
    assert created and person.first_name == "Mallory" and person.departement_code == "69"


@pytest.mark.django_db
def test_a_proof_must_be_one_of_the_known_ones():
    with pytest.raises(ValueError, match="unknown proof"):
        api.find_or_create(email="a@example.org", proof=True)
    person, _ = api.find_or_create(email="a@example.org")
    with pytest.raises(ValueError, match="unknown proof"):
        api.confirm_details(person, proof="trust me", first_name="X")


@pytest.mark.django_db
def test_confirm_details_reach_the_record_kept_after_a_merge_and_not_an_erased_one():
    kept, _ = api.find_or_create(email="kept@example.org", **STORED)
    duplicate, _ = api.find_or_create(email="duplicate@example.org")
    api.merge(kept, duplicate)
    duplicate.refresh_from_db()
    assert api.confirm_details(duplicate, proof=api.Proof.PAYMENT, postcode="69002") == ["postcode"]
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert kept.postcode == "69002" and duplicate.postcode == ""
    api.erase(kept)
    assert api.confirm_details(kept, proof=api.Proof.PAYMENT, first_name="Revenue") == []
    assert Person.objects.get(pk=kept.pk).first_name == ""


# Each place that gives the people API a proof, and why it holds there.
PROVEN_STEPS = {
    "plugins/petitions/rostra_petitions/recording.py": "the signer followed the emailed link",
    "plugins/donations/rostra_donations/status.py": "the gift's payment succeeded",
    "site/rostra/pages/joining.py": "the sign-up's address followed the emailed link",
    "plugins/organising/rostra_organising/people.py": (
        "the RSVP, offer or membership followed the emailed link"
    ),
    "plugins/donations/rostra_donations/treasurer_actions.py": "the treasurer enters a cheque",
}


def test_every_proof_given_is_at_a_proven_step():
    """A new ``proof=`` in the code is a new way to rewrite people: it must be
    reviewed and listed here with its reason."""
    repo = Path(__file__).resolve().parents[4]
    given = set()
    for folder in ("site", "plugins", "themes"):
        for path in (repo / folder).rglob("*.py"):
            relative = path.relative_to(repo).as_posix()
            if "/tests/" in relative or relative == "site/rostra/people/api.py":
                continue
            if re.search(r"\bproof\s*=\s*(?!None\b)", path.read_text(encoding="utf-8")):
                given.add(relative)
    assert given == set(PROVEN_STEPS)
