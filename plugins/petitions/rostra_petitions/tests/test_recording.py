"""Confirmed signatures reach the supporter database in batches (recording.py):
once each, whatever fails or runs twice, with the click's evidence, never for a
signer erased meanwhile."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from rostra import signals
from rostra.people import api
from rostra.people.models import Consent, Person, TimelineEntry

from rostra_petitions import recording
from rostra_petitions.models import Confirmation, CountDelta, Signature
from rostra_petitions.tests.conftest import confirm_link, last_mail_to, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_run(monkeypatch):
    """Runs are not scheduled: the confirmations wait, as while the worker is busy."""
    monkeypatch.setattr(recording, "schedule", lambda: None)


def _confirm(client, petition, email, **request):
    sign(client, petition, email=email, newsletter="on")
    url, _id, _token = confirm_link(last_mail_to(email))
    response = client.post(url, **request)
    assert response.status_code == 303
    return Signature.objects.get(email=email)


def _signature_entries(email):
    return TimelineEntry.objects.filter(
        person__email_canonical=email, kind=TimelineEntry.Kind.SIGNATURE
    ).count()


def test_the_signer_is_recorded_once_by_the_next_run(client, petition, no_run):
    signature = _confirm(
        client, petition, "lea@example.org", REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Lynx"
    )
    # Validated and counted at once; the supporter database a moment later.
    assert signature.state == Signature.State.VALIDATED
    assert CountDelta.objects.count() == 1
    assert Confirmation.objects.filter(signature=signature).exists()
    assert not Consent.objects.filter(person__email_canonical="lea@example.org").exists()

    assert recording.record_waiting() == 1
    assert recording.record_waiting() == 0  # nothing twice
    consents = Consent.objects.filter(person__email_canonical="lea@example.org")
    assert sorted(consents.values_list("purpose", flat=True)) == ["newsletter", "petition_updates"]
    # The evidence is the click's, not the signing's.
    assert {c.ip_hash for c in consents} == {api.hash_ip("198.51.100.7")}
    assert {c.user_agent for c in consents} == {"Lynx"}
    assert _signature_entries("lea@example.org") == 1
    assert not Confirmation.objects.exists()
    signature.refresh_from_db()
    assert signature.person == Person.objects.get(email_canonical="lea@example.org")


def test_a_failed_run_leaves_the_confirmations_for_the_next(client, petition, no_run):
    _confirm(client, petition, "lea@example.org")
    _confirm(client, petition, "hugo@example.org")

    def broken(sender, **kwargs):
        raise RuntimeError("a receiver failed")

    signals.petition_confirmed.connect(broken, dispatch_uid="test-broken-receiver")
    try:
        with pytest.raises(RuntimeError):
            recording.record_waiting()
    finally:
        signals.petition_confirmed.disconnect(dispatch_uid="test-broken-receiver")
    # Rolled back whole: nothing recorded, both still waiting.
    assert Confirmation.objects.count() == 2
    assert not Consent.objects.exists()
    assert recording.record_waiting() == 2
    assert _signature_entries("lea@example.org") == _signature_entries("hugo@example.org") == 1
    assert Consent.objects.count() == 4


def test_a_signer_erased_meanwhile_is_not_recorded(client, petition, no_run):
    signature = _confirm(client, petition, "lea@example.org")
    person = Person.objects.get(email_canonical="lea@example.org")
    api.erase(person)
    assert recording.record_waiting() == 1
    assert not Consent.objects.filter(person=person).exists()
    assert not Confirmation.objects.exists()
    signature.refresh_from_db()
    assert signature.anonymised_at and signature.state == Signature.State.VALIDATED


def test_count_json_heals_a_lost_run(client, petition, no_run, monkeypatch):
    _confirm(client, petition, "lea@example.org")
    Confirmation.objects.update(
        confirmed_at=Confirmation.objects.get().confirmed_at - datetime.timedelta(minutes=1)
    )
    runs = []
    monkeypatch.setattr(recording, "schedule", lambda: runs.append(1))
    client.get(f"{petition.url}count.json")
    assert runs == [1]
    client.get(f"{petition.url}count.json")
    assert runs == [1]  # at most once a minute


def test_a_household_confirmed_in_one_batch_is_one_person(client, petition, no_run):
    petition.allow_household = True
    petition.save_revision().publish()
    sign(client, petition, email="famille@example.org", first_name="Léa")
    sign(client, petition, email="famille@example.org", first_name="Hugo")
    for message in mail.outbox:
        if "famille@example.org" in message.to:
            client.post(confirm_link(message)[0])
    assert Signature.objects.filter(state=Signature.State.VALIDATED).count() == 2
    assert recording.record_waiting() == 2
    assert Person.objects.filter(email_canonical="famille@example.org").count() == 1
    assert _signature_entries("famille@example.org") == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_runs_at_the_same_time_record_each_confirmation_once(client, petition, no_run):
    emails = [f"signer{n}@example.org" for n in range(6)]  # under the per-IP limit
    for email in emails:
        _confirm(client, petition, email)
    heard = []
    signals.petition_confirmed.connect(
        lambda sender, signature, **kwargs: heard.append(signature.pk),
        dispatch_uid="test-heard",
        weak=False,
    )
    start = threading.Barrier(3)
    errors = []

    def run():
        try:
            start.wait()
            recording.record_waiting(batch=2)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=run) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        signals.petition_confirmed.disconnect(dispatch_uid="test-heard")
    assert errors == []
    assert sorted(heard) == sorted(Signature.objects.values_list("pk", flat=True))
    assert not Confirmation.objects.exists()
    assert Consent.objects.count() == 2 * len(emails)
    assert all(_signature_entries(email) == 1 for email in emails)
