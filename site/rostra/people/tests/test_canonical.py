import pytest

from rostra.people import api
from rostra.people.canonical import canonical_email, email_domain


@pytest.mark.parametrize(
    "typed, key",
    [
        ("Jean.Dupont+petition@GoogleMail.com", "jeandupont@gmail.com"),
        ("j.e.a.n.dupont@gmail.com", "jeandupont@gmail.com"),
        ("  JEAN@Example.ORG ", "jean@example.org"),
        ("jean.dupont+tag@example.org", "jean.dupont+tag@example.org"),  # unknown provider
        ("jean.dupont+news@outlook.fr", "jean.dupont@outlook.fr"),  # keeps dots
        ("marie+x@proton.me", "marie@proton.me"),
        ("marie@me.com", "marie@icloud.com"),
        ("x@gmail.com.", "x@gmail.com"),
        ("", ""),
        ("no-at-sign", ""),
        ("@gmail.com", ""),
        ("+only@gmail.com", ""),
    ],
)
def test_canonical_email_rules(typed, key):
    assert canonical_email(typed) == key


def test_alias_domains_fold_for_per_domain_limits():
    assert email_domain("a@googlemail.com") == "gmail.com"


@pytest.mark.django_db
def test_a_person_is_found_by_any_alias_of_any_of_their_addresses():
    person, created = api.find_or_create(email="Jean.Dupont@gmail.com", first_name="Jean")
    assert created
    again, created = api.find_or_create(email="jeandupont+petition@googlemail.com")
    assert (again.pk, created) == (person.pk, False)
    assert again.email == "Jean.Dupont@gmail.com"  # the address they first gave is kept
    api.add_email(person, "jean@work.example")
    assert api.find("JEAN@work.example") == person
    assert api.find("someone@else.example") is None
