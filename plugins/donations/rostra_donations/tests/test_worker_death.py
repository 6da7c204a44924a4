"""kill -9 of a real task worker (manage.py run_worker, a subprocess) in the
middle of a gift's acknowledgement: once the dead worker's lease expires the
task runs again, and the donor gets one acknowledgement, one number, one PDF
and one email."""

from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult, TaskResultStatus
from rostra.mail.models import OutboxMessage
from rostra.worker.tests.workers import SharedDatabase, Worker

from rostra_donations.models import Acknowledgement, Donation
from rostra_donations.tests.test_giving import session_id

# serialized_rollback, as every transactional test of the suite: a flush without it
# makes content types again under new ids, and the restore of a serialized test
# run after it collides with them.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DONOR = "jeanne.dupont@example.org"


@pytest.fixture
def database(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    return SharedDatabase(tmp_path)


@pytest.fixture
def started():
    workers = []
    yield workers
    for worker in workers:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait()


@pytest.mark.parametrize(
    "killed_after",
    [
        "rostra_donations.tasks:send",  # the email queued, not yet noted as sent
        "rostra.mail.backends:OutboxBackend.send_messages",  # an email mid-send
    ],
)
def test_a_worker_killed_mid_acknowledgement_leaves_one_of_everything(
    give, fake_stripe, deliver, database, started, killed_after
):
    deliver(fake_stripe.complete(session_id(give())))
    donation = Donation.objects.get()
    assert DBTaskResult.objects.filter(task_path="rostra_donations.tasks.acknowledge").exists()
    database.share()

    first = Worker(database, stall_at=killed_after)
    started.append(first)
    first.wait_stalled()
    first.kill()
    second = Worker(database)
    started.append(second)
    database.wait_until_done()
    assert second.stop() == 0, second.output()
    database.pull()

    ack = Acknowledgement.objects.get(donation=donation)
    assert ack.number == 1 and ack.sent_at is not None
    assert (Path(database.folder) / "media" / ack.pdf.name).read_bytes()[:4] == b"%PDF"
    emails = OutboxMessage.objects.filter(to=DONOR)
    assert emails.count() == 1
    assert emails.get().attachments[0]["filename"] == ack.filename
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
    # The task the dead worker held, run by both.
    assert len([r for r in DBTaskResult.objects.all() if len(r.worker_ids) == 2]) == 1
