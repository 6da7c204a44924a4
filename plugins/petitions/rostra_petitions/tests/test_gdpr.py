"""Erasure, data export and anonymisation after close."""

import datetime

import pytest
from django.utils import timezone
from rostra.people import api
from rostra.people.models import Person

from rostra_petitions import counting, retention
from rostra_petitions.models import PetitionState, Signature
from rostra_petitions.signal_handlers import on_person_data_requested
from rostra_petitions.tests.conftest import confirm_link, last_mail_to, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(client, petition):
    sign(client, petition, email="lea@example.org", first_name="Léa")
    url, _id, _token = confirm_link(last_mail_to("lea@example.org"))
    client.post(url)
    counting.fold()
    return Person.objects.get(email_canonical="lea@example.org")


def test_erasure_anonymises_signatures_but_keeps_the_count(confirmed, petition):
    report = api.erase(confirmed)
    assert any("petitions" in line for line in report.done)
    signature = Signature.objects.get()
    assert signature.anonymised_at and not signature.email and not signature.first_name
    assert signature.state == Signature.State.VALIDATED
    assert counting.recount() == []
    assert counting.public_count(petition)["total"] == 1


def test_the_data_export_lists_the_signatures(confirmed, petition):
    section = on_person_data_requested(sender=Person, person=confirmed)
    records = section["Petition signatures"]
    assert records[0]["petition"] == petition.title
    assert records[0]["email"] == "lea@example.org"
    assert records[0]["consent_choices"][0]["purpose"] == "petition_updates"


def test_signatures_are_anonymised_months_after_close(confirmed, petition):
    petition.deadline = timezone.now() - datetime.timedelta(days=200)
    petition.save_revision().publish()
    assert retention.run() == {petition.pk: 1}
    assert Signature.objects.get().anonymised_at
    assert PetitionState.objects.get(petition=petition).anonymised_at
    assert retention.run() == {}


def test_an_open_petition_is_not_anonymised(confirmed, petition):
    petition.deadline = timezone.now() - datetime.timedelta(days=30)
    petition.save_revision().publish()
    assert retention.run() == {}


def test_archiving_drops_unconfirmed_signatures(client, confirmed, petition):
    sign(client, petition, email="jamais@example.org")
    petition.deadline = timezone.now() - datetime.timedelta(days=1)
    petition.save_revision().publish()
    assert retention.archive(petition) == 1
    assert Signature.objects.count() == 1
    assert client.get(petition.url).status_code == 200
    assert "close" in client.get(petition.url).content.decode()
