"""Erasure, data export and anonymisation after close."""

import datetime
import io

import pytest
from django.utils import timezone
from rostra.people import api
from rostra.people.models import Person

from rostra_petitions import counting, retention
from rostra_petitions.models import PetitionState, Signature
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
    data = api.export_data(confirmed)
    records = data["plugins"]["Pétitions"]["Signatures de pétitions"]
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


def test_never_confirmed_signatures_and_their_people_go_after_n_days(
    client, confirmed, petition, settings
):
    """An address nobody proved is not a supporter: after N days (30 by default)
    the pending signature is deleted and the person it alone created erased;
    someone known for another reason, and confirmed signers, stay."""
    from django.core.management import call_command
    from rostra.people import retention as people_retention
    from rostra.people.models import TimelineEntry

    settings.PETITIONS_UNCONFIRMED_DAYS = 30
    sign(client, petition, email="jamais@example.org")
    sign(client, petition, email="connue@example.org")
    sign(client, petition, email="recent@example.org")
    known = Person.objects.get(email_canonical="connue@example.org")
    api.add_to_timeline(known, kind=TimelineEntry.Kind.NOTE, summary="Met at the market")
    old = timezone.now() - datetime.timedelta(days=31)
    Signature.objects.exclude(email__in=["recent@example.org"]).update(created_at=old)
    count_before = counting.public_count(petition)["total"]

    assert (
        people_retention.apply(dry_run=True)["petitions: never-confirmed signatures deleted"] == 2
    )
    assert Signature.objects.count() == 4  # a dry run changes nothing

    out = io.StringIO()
    call_command("purge_unconfirmed_signatures", stdout=out, stderr=io.StringIO())
    assert "2 never-confirmed signature(s) were deleted, 1 person(s) were erased" in (
        out.getvalue()
    )
    left = set(Signature.objects.values_list("email", flat=True))
    assert left == {"lea@example.org", "recent@example.org"}
    assert Person.objects.get(pk=known.pk).erased_at is None
    gone = Person.objects.filter(email_canonical="jamais@example.org")
    assert not gone.exists()  # erased: no longer findable by their address
    assert Person.objects.filter(email_canonical="recent@example.org").exists()
    counting.fold()
    assert counting.public_count(petition)["total"] == count_before
