"""Real workers (subprocesses of manage.py run_worker) killed with kill -9 in
the middle of a task: the task is run again once the dead worker's lease has
expired, and its work is done exactly once."""

import signal
import time

import pytest
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from rostra.mail import sending
from rostra.mail.models import OutboxMessage
from rostra.worker import heart
from rostra.worker.models import Heartbeat
from rostra.worker.tests.workers import SharedDatabase, Worker

# serialized_rollback, as every transactional test of the suite: a flush without it
# makes content types again under new ids, and the restore of a serialized test
# run after it collides with them.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


@pytest.fixture
def database(tmp_path, settings):
    """The test's database, shared with real workers; tasks the test queues
    are stored for them (the database queue, as in production)."""
    settings.TASKS = DATABASE_QUEUE
    return SharedDatabase(tmp_path)


@pytest.fixture
def workers():
    started = []

    def start(database, **options):
        worker = Worker(database, **options)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait()


def send_one_email():
    sending.send(
        "people_data_link",
        to="marie.curie@example.org",
        context={"path": "/mes-donnees/abc/", "days": 2},
    )


def test_an_email_whose_worker_was_killed_mid_send_goes_out_once(database, workers):
    send_one_email()
    database.share()

    # Killed with the message written to the outbox but not yet committed.
    first = workers(database, stall_at="rostra.mail.backends:OutboxBackend.send_messages")
    first.wait_stalled()
    first.kill()
    assert database.unfinished_tasks() == 1  # left RUNNING by the dead worker

    second = workers(database)
    database.wait_until_done()
    assert second.stop() == 0
    database.pull()

    assert OutboxMessage.objects.filter(to="marie.curie@example.org").count() == 1
    result = DBTaskResult.objects.get(task_path="rostra.mail.sending.deliver")
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert len(result.worker_ids) == 2  # run by the dead worker, then by the second
    assert not Heartbeat.objects.exists()  # the dead one reaped, the other stopped cleanly


def test_a_worker_that_lost_its_lease_stops_at_once(database, workers):
    """Paused or cut off longer than the lease, a worker's row is reaped and its
    task given to another: at its next beat it stops, rather than run the task
    alongside."""
    database.share()
    worker = workers(database)
    database.wait_for("SELECT count(*) FROM worker_heartbeat")
    # What the reaper of another worker does once this one has been silent.
    database.execute("DELETE FROM worker_heartbeat")
    assert worker.wait() == heart.LEASE_LOST, worker.output()
    assert "lost its lease" in worker.output()


def test_the_worker_log_says_each_thing_once(database, workers):
    """var/worker.log printed every line twice (Django's DEBUG console handler
    and the root's)."""
    send_one_email()
    send_one_email()
    database.share()
    worker = workers(database, extra=["--batch"])
    assert worker.wait() == 0
    lines = [line for line in worker.output().splitlines() if "state=" in line]
    assert len(lines) == 4  # two tasks, RUNNING then SUCCESSFUL
    assert len(set(lines)) == 4


def test_a_worker_stopped_twice_mid_task_hands_its_task_back(database, workers):
    """Ctrl+C twice stops the task at once: django-tasks-db marked it failed,
    though the task did nothing wrong; it goes back to the queue instead."""
    send_one_email()
    database.share()
    worker = workers(database, stall_at="rostra.mail.sending:render_message")
    worker.wait_stalled()
    worker.process.send_signal(signal.SIGINT)
    while "shutting down gracefully" not in worker.output():
        assert worker.process.poll() is None, worker.output()
        time.sleep(0.1)
    worker.process.send_signal(signal.SIGINT)
    worker.wait()

    assert (
        database.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult"
            " WHERE task_path = 'rostra.mail.sending.deliver'"
        )
        == "READY"
    )
    assert not database.execute("SELECT count(*) FROM worker_heartbeat")
