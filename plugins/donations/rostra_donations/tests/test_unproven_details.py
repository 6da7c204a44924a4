"""Starting a gift proves nothing: typed with someone else's address (or an
alias of it) and never paid, it changes nothing of that person, neither their
identity nor their territory nor their consents. The gift keeps what was
typed; the payment, once it succeeds, brings it to the person."""

import pytest
from rostra.people import api
from rostra.people.models import Consent, Person, TimelineEntry

from rostra_donations.models import Donation
from rostra_donations.tests.test_giving import session_id

pytestmark = pytest.mark.django_db

ATTACK = {
    "email": "Victoire.Martin+don@gmail.com",
    "first_name": "Mallory",
    "last_name": "Intrus",
    "address_line1": "1 place Bellecour",
    "postcode": "69002",
    "town": "Lyon",
    "newsletter": "on",
}


@pytest.fixture
def victim(db):
    person, _ = api.find_or_create(
        email="victoire.martin@gmail.com",
        first_name="Victoire",
        last_name="Martin",
        address_line1="5 rue Oberkampf",
        postcode="75011",
        commune="Paris",
        proof=api.Proof.STAFF,
    )
    return person


def identity(person):
    person = Person.objects.get(pk=person.pk)
    return (person.first_name, person.last_name, person.address_line1, person.postcode)


def seen_from_lyon(person):
    return api.in_territory(Person.objects.filter(pk=person.pk), departements=["69"]).exists()


def test_an_unpaid_gift_changes_nothing_of_the_person(victim, give):
    give(**ATTACK)
    assert identity(victim) == ("Victoire", "Martin", "5 rue Oberkampf", "75011")
    assert not seen_from_lyon(victim)
    assert not Consent.objects.filter(person=victim).exists()
    assert not victim.timeline.filter(kind=TimelineEntry.Kind.UPDATE).exists()
    gift = Donation.objects.get()
    assert gift.person_id == victim.pk
    assert (gift.first_name, gift.postcode, gift.town) == ("Mallory", "69002", "Lyon")


def test_the_payment_brings_the_typed_details_and_the_consent(victim, give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give(**ATTACK))))
    assert identity(victim) == ("Mallory", "Intrus", "1 place Bellecour", "69002")
    assert seen_from_lyon(victim)
    update = victim.timeline.get(kind=TimelineEntry.Kind.UPDATE)
    assert update.data["proof"] == api.Proof.PAYMENT
    assert update.data["before"]["postcode"] == "75011"
    assert update.data["before"]["first_name"] == "Victoire"
    consent = Consent.objects.get(person=victim, purpose="newsletter")
    gift = Donation.objects.get()
    assert consent.granted and "nouvelles de la campagne" in consent.wording
    assert consent.recorded_at == gift.created_at and consent.ip_hash == gift.ip_hash


def test_a_new_donor_is_created_with_what_they_typed(give):
    give(**{**ATTACK, "email": "nouveau@example.org"})
    person = api.find("nouveau@example.org")
    assert (person.first_name, person.departement_code) == ("Mallory", "69")
    assert not Consent.objects.filter(person=person).exists()  # not before the payment
