"""Signing with someone else's address (or an alias of it) proves nothing: the
signature keeps what was typed and the person stays as they were until the
link sent to the address is followed."""

import pytest
from django.core import mail
from rostra.people import api
from rostra.people.models import Person, TimelineEntry

from rostra_petitions.models import Signature
from rostra_petitions.tests.conftest import confirm_link, last_mail_to, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim(db):
    person, _ = api.find_or_create(
        email="victoire.martin@gmail.com",
        first_name="Victoire",
        last_name="Martin",
        postcode="75011",
        commune="Paris",
        phone="01 43 00 00 00",
        proof=api.Proof.STAFF,
    )
    return person


def identity(person):
    person = Person.objects.get(pk=person.pk)
    return (person.first_name, person.last_name, person.postcode, person.phone)


def test_a_pending_signature_changes_nothing_until_the_address_is_confirmed(
    client, petition, victim
):
    mail.outbox.clear()
    sign(
        client,
        petition,
        email="Victoire.Martin+petition@gmail.com",
        first_name="Mallory",
        last_name="Intrus",
        postcode="69003",
        phone="04 78 00 00 00",
    )
    signature = Signature.objects.get()
    assert (signature.first_name, signature.postcode) == ("Mallory", "69003")
    assert identity(victim) == ("Victoire", "Martin", "75011", "+33143000000")
    assert not victim.timeline.filter(kind=TimelineEntry.Kind.UPDATE).exists()

    url, _id, _token = confirm_link(last_mail_to("Victoire.Martin+petition@gmail.com"))
    client.post(url.replace("http://localhost", ""))
    assert identity(victim) == ("Mallory", "Intrus", "69003", "+33478000000")
    update = victim.timeline.get(kind=TimelineEntry.Kind.UPDATE)
    assert update.data["proof"] == api.Proof.EMAIL_CONFIRMED
    assert update.data["before"]["postcode"] == "75011"
