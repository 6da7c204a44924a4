"""The donations' background tasks run again (their worker died and the task
came back to the queue): one number, one PDF, one email per gift."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from rostra_donations import status, tasks
from rostra_donations.models import Acknowledgement, Donation
from rostra_donations.tests.test_giving import session_id

pytestmark = pytest.mark.django_db

DONOR = "jeanne.dupont@example.org"


class WorkerKilled(BaseException):
    """Stands for kill -9: nothing after it runs, not even ``except Exception``."""


def acknowledgements_sent():
    return [message for message in mail.outbox if message.to == [DONOR]]


@pytest.fixture
def paid(give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give())))
    return Donation.objects.get()


def test_an_acknowledgement_run_again_sends_nothing_more(paid):
    assert len(acknowledgements_sent()) == 1
    assert tasks.acknowledge.call(donation_id=paid.pk) == "already sent"
    assert len(acknowledgements_sent()) == 1
    assert Acknowledgement.objects.count() == 1


def test_an_acknowledgement_whose_worker_died_after_queueing_its_email_sends_one(paid, monkeypatch):
    """The run died between queueing the email and noting it sent; the run
    again renders the same acknowledgement and its email is not sent twice."""
    Acknowledgement.objects.update(sent_at=None)
    real_send = tasks.send

    def send_then_die(*args, **kwargs):
        real_send(*args, **kwargs)
        raise WorkerKilled

    monkeypatch.setattr(tasks, "send", send_then_die)
    with pytest.raises(WorkerKilled):
        tasks.acknowledge.call(donation_id=paid.pk)
    monkeypatch.setattr(tasks, "send", real_send)

    reference = tasks.acknowledge.call(donation_id=paid.pk)

    ack = Acknowledgement.objects.get()
    assert reference == ack.reference and ack.number == 1 and ack.sent_at
    assert len(acknowledgements_sent()) == 1  # the settled gift's, not a second one


def test_a_regeneration_run_again_keeps_the_number_and_one_file(paid):
    ack = Acknowledgement.objects.get()
    tasks.regenerate.call(acknowledgement_id=ack.pk)
    first = Acknowledgement.objects.get().pdf.name
    tasks.regenerate.call(acknowledgement_id=ack.pk)
    again = Acknowledgement.objects.get()
    assert again.number == 1
    assert not again.pdf.storage.exists(first) or first == again.pdf.name
    assert again.pdf.read()[:4] == b"%PDF"


def test_a_confirmed_gift_s_acknowledgement_is_queued_in_the_same_transaction(
    give, fake_stripe, settings
):
    """Queued after the commit, it was lost if the process died in between: a
    gift paid, and never acknowledged."""
    session_id(give())
    donation = Donation.objects.get()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    with transaction.atomic():
        status._confirm(donation)
        queued = DBTaskResult.objects.filter(task_path="rostra_donations.tasks.acknowledge")
        assert [result.args_kwargs["kwargs"] for result in queued] == [{"donation_id": donation.pk}]
