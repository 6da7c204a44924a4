"""Confirmation emails go out in batches from the task worker: the signing
request stores the pending signature and queues one run for many signers."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from rostra.people.models import Person

from rostra_petitions import confirmations
from rostra_petitions.models import Signature
from rostra_petitions.tests.conftest import confirm_link, last_mail_to, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_tasks(settings):
    """Tasks are queued, not run at once (as with the production worker)."""
    from django.tasks import default_task_backend

    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}
    }
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def test_many_signings_queue_one_run_that_emails_each_signer(client, petition, queued_tasks):
    for index in range(5):
        assert sign(client, petition, email=f"s{index}@example.org").status_code == 302
    assert not mail.outbox  # nothing sent by the requests themselves
    assert len(queued_tasks.results) == 1
    assert confirmations.send_waiting() == 5
    assert sorted(message.to[0] for message in mail.outbox) == [
        f"s{index}@example.org" for index in range(5)
    ]
    for signature in Signature.objects.all():
        assert signature.confirmation_sent_at is not None
        assert signature.person.email == signature.email  # the footer's person record
        message = last_mail_to(signature.email)
        assert message.extra_headers["List-Unsubscribe"]
        assert confirm_link(message)[1] == signature.pk
    # Sent once: a second run (or a replayed task) finds nothing waiting.
    assert confirmations.send_waiting() == 0
    assert len(mail.outbox) == 5


def test_a_queued_run_waits_a_moment_to_gather_the_signings_that_follow(
    client, petition, queued_tasks
):
    before = timezone.now()
    sign(client, petition, email="a@example.org")
    (queued,) = queued_tasks.results
    gather = datetime.timedelta(seconds=confirmations.GATHER_SECONDS)
    assert before + gather <= queued.task.run_after <= timezone.now() + gather


def test_a_new_run_is_queued_once_the_previous_one_started(client, petition, queued_tasks):
    sign(client, petition, email="a@example.org")
    confirmations.send_waiting()
    sign(client, petition, email="b@example.org")
    assert len(queued_tasks.results) == 2
    confirmations.send_waiting()
    assert last_mail_to("b@example.org")


def test_an_existing_person_is_linked_but_not_changed_before_confirming(
    client, petition, queued_tasks
):
    known = Person.objects.create(
        email="camille.durand@example.org",
        email_canonical="camille.durand@example.org",
        first_name="Camille",
        last_name="Original",
    )
    sign(client, petition, last_name="Someone Else")
    confirmations.send_waiting()
    known.refresh_from_db()
    assert known.last_name == "Original"
    assert Signature.objects.get().person == known
    assert Person.objects.count() == 1


def test_when_the_mail_server_refuses_everything_the_emails_wait(
    client, petition, queued_tasks, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    sign(client, petition)

    def refuse(self, messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with pytest.raises(ConnectionRefusedError):
        confirmations.send_waiting()
    assert Signature.objects.get().confirmation_sent_at is None
    monkeypatch.undo()
    assert confirmations.send_waiting() == 1
    assert last_mail_to("camille.durand@example.org")


def test_emails_left_waiting_by_a_lost_run_are_scheduled_again(client, petition, queued_tasks):
    import datetime

    from django.core.cache import cache
    from django.utils import timezone

    sign(client, petition)
    queued_tasks.clear()  # the worker died with it
    cache.clear()
    confirmations.heal()
    assert not queued_tasks.results  # too recent: its run may still be coming
    Signature.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    cache.clear()
    confirmations.heal()
    assert len(queued_tasks.results) == 1
    # count.json calls heal: visitors reading the counter are enough.
    cache.clear()
    queued_tasks.clear()
    client.get(f"{petition.url}count.json")
    assert len(queued_tasks.results) == 1


def test_signing_again_resends_the_link_only_once_the_first_email_went_out(
    client, petition, queued_tasks
):
    import datetime

    from django.utils import timezone

    sign(client, petition)
    Signature.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    sign(client, petition)  # the first email still waits in the outbox: nothing more
    assert confirmations.send_waiting() == 1
    assert len(mail.outbox) == 1
    sign(client, petition)  # sent five minutes ago, maybe lost: the link again
    resent = [result.kwargs for result in queued_tasks.results if result.task.name == "deliver"]
    assert len(resent) == 1
    assert resent[0]["template"] == "petitions/confirm"
    assert resent[0]["person_id"] == Signature.objects.get().person_id  # its unsubscribe link
    assert f"/confirm/{Signature.objects.get().pk}/" in resent[0]["context"]["confirm_url"]
