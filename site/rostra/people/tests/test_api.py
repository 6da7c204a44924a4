import datetime
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone, translation

from rostra.people import api, phones
from rostra.people.models import Consent, Person, TimelineEntry


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (the French catalogue is tested apart)."""
    with translation.override("en"):
        yield


@pytest.mark.django_db
def test_find_or_create_merge_rules():
    person, _ = api.find_or_create(
        email="a@example.org", first_name="Anne", postcode="69003", phone="06 12 34 56 78"
    )
    assert person.phone == "+33612345678"
    assert person.departement_code == "69"
    assert (person.commune_code, person.region_code) == ("69123", "84")

    # With a proof, a blank value never blanks a stored one; a new value fills or updates.
    person, created = api.find_or_create(
        email="A@example.org",
        first_name="",
        last_name="Martin",
        postcode="75011",
        proof=api.Proof.EMAIL_CONFIRMED,
    )
    assert not created
    assert (person.first_name, person.last_name) == ("Anne", "Martin")
    assert person.departement_code == "75"
    update = person.timeline.filter(kind=TimelineEntry.Kind.UPDATE).get()
    assert update.data["before"] == {"last_name": "", "postcode": "69003"}
    assert update.data["proof"] == "email_confirmed"


@pytest.mark.django_db
def test_an_impossible_phone_is_not_stored_but_the_person_is_kept():
    person, _ = api.find_or_create(email="a@example.org", phone="01 23")
    assert person.phone == ""
    note = person.timeline.get(kind=TimelineEntry.Kind.NOTE)
    assert note.english_text == "Phone number not understood, not stored: 01 23"
    with pytest.raises(phones.InvalidPhone, match="not a valid phone number"):
        api.clean_details({"phone": "01 23"})


def test_phones_are_stored_in_e164_french_by_default():
    assert phones.normalise("06.12.34.56.78") == "+33612345678"
    assert phones.normalise("+33 (0)1 23 45 67 89") == "+33123456789"
    assert phones.normalise("0470 12 34 56", "BE") == "+32470123456"
    assert phones.normalise("+49 30 901820") == "+4930901820"
    assert phones.display("+33612345678") == "06 12 34 56 78"
    with pytest.raises(phones.InvalidPhone):
        phones.normalise("07 01 23 45 67")  # not an allocated French range


@pytest.mark.django_db
def test_can_contact_is_one_call_and_follows_the_latest_choice():
    person, _ = api.find_or_create(email="a@example.org")
    assert not api.can_contact(person, "newsletter")
    api.record_consent(person, purpose="newsletter", granted=True, wording="Yes, news")
    assert api.can_contact(person, "newsletter")
    assert not api.can_contact(person, "newsletter", "sms")
    # A back-dated import row does not override a newer choice.
    api.record_consent(
        person,
        purpose="newsletter",
        granted=False,
        where=Consent.Where.IMPORT,
        when=timezone.now() - datetime.timedelta(days=30),
    )
    assert api.can_contact(person, "newsletter")
    api.record_consent(person, purpose="newsletter", granted=False)
    assert not api.can_contact(person, "newsletter")
    api.record_consent(person, purpose="events", granted=True)
    person.do_not_email = True
    person.save()
    assert not api.can_contact(person, "events")
    assert list(api.contactable("events")) == []


@pytest.mark.django_db
def test_timeline_is_translated_when_shown():
    person, _ = api.find_or_create(email="a@example.org", source=api.Source("page", "/appel/"))
    api.record_consent(person, purpose="newsletter", granted=True)
    entry = person.timeline.filter(kind=TimelineEntry.Kind.CONSENT).get()
    with translation.override("en"):
        assert entry.text == "Consent given: News from the campaign by Email"
    with translation.override("fr"):
        assert entry.text == "Consentement donné : Nouvelles de la campagne par E-mail"
    assert entry.summary == "Consent given: News from the campaign by Email"
    assert [e.kind for e in person.timeline.all()] == ["consent", "signup"]  # newest first


@pytest.mark.django_db
def test_territory_scoping_hook_for_candidate_sites():
    lyon, _ = api.find_or_create(email="l@example.org", postcode="69003")
    paris, _ = api.find_or_create(email="p@example.org", postcode="75011", commune="Paris")
    nowhere, _ = api.find_or_create(email="n@example.org")
    people = Person.objects.all()
    assert list(api.in_territory(people, departements=["69"])) == [lyon]
    assert set(api.in_territory(people, regions=["11"], communes=["69123"])) == {lyon, paris}
    assert list(api.in_territory(people, communes=["75111"])) == [paris]
    assert not api.in_territory(people).exists()  # no area: nothing, never everyone
    consents = Consent.objects.all()
    api.record_consent(lyon, purpose="newsletter", granted=True)
    api.record_consent(paris, purpose="newsletter", granted=True)
    assert [c.person for c in api.in_territory(consents, departements=["75"])] == [paris]
    assert nowhere not in api.in_territory(people, regions=["11", "84"])


@pytest.mark.django_db
def test_an_address_taken_between_lookup_and_insert_gives_the_person_made(monkeypatch):
    """Another request creates the person after this one looked them up: the
    insert skips (ON CONFLICT DO NOTHING, no savepoint) and the person made is
    returned, with one signup on their timeline."""
    made, _ = api.find_or_create(email="lea@example.org", first_name="Léa")
    looked = []
    real_find = api.find

    def miss_once(email):
        looked.append(email)
        return None if len(looked) == 1 else real_find(email)

    monkeypatch.setattr(api, "find", miss_once)
    person, created = api.find_or_create(email="Lea@example.org", first_name="Other", tags=["x"])
    assert (person.pk, created) == (made.pk, False)
    assert person.first_name == "Léa"
    assert Person.objects.count() == 1
    assert made.timeline.filter(kind=TimelineEntry.Kind.SIGNUP).count() == 1
    assert not made.tags.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_signups_of_one_new_address_make_one_person():
    start = threading.Barrier(4)
    found, errors = [], []

    def sign_up():
        try:
            start.wait()
            with transaction.atomic():
                found.append(api.find_or_create(email="lea@example.org", tags=["new"]))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    person = Person.objects.get()
    assert {found_person.pk for found_person, _ in found} == {person.pk}
    assert sorted(created for _, created in found) == [False, False, False, True]
    assert person.timeline.filter(kind=TimelineEntry.Kind.SIGNUP).count() == 1
    assert list(person.tags.names()) == ["new"]
