"""The lease: which running tasks the reaper hands back to the queue, and which
it leaves alone."""

import threading

import pytest
from django.db import connection
from django_tasks_db.models import TaskResultStatus

from rostra.worker import lease
from rostra.worker.models import Heartbeat
from rostra.worker.tests.conftest import heartbeat, task_result

LEASE = 30


@pytest.mark.django_db
def test_the_task_of_a_worker_silent_for_longer_than_the_lease_is_queued_again():
    heartbeat("dead", silent_for=LEASE + 5)
    lost = task_result(running_on=["dead"], started=LEASE + 20)

    reaped = lease.reap(LEASE)

    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.READY
    assert [item.result_id for item in reaped] == [str(lost.id)]
    assert not Heartbeat.objects.filter(worker_id="dead").exists()


@pytest.mark.django_db
def test_the_task_of_a_worker_that_beats_is_left_running_however_long_it_takes():
    heartbeat("alive", silent_for=1)
    long_task = task_result(running_on=["alive"], started=3600)

    assert lease.reap(LEASE) == []

    long_task.refresh_from_db()
    assert long_task.status == TaskResultStatus.RUNNING
    assert Heartbeat.objects.filter(worker_id="alive").exists()


@pytest.mark.django_db
def test_only_the_run_of_the_worker_that_died_is_handed_back():
    """A task run first by a worker that died and then by one alive belongs to
    the living one."""
    heartbeat("dead", silent_for=LEASE + 5)
    heartbeat("alive", silent_for=1)
    taken_over = task_result(running_on=["dead", "alive"], started=2)

    lease.reap(LEASE)

    taken_over.refresh_from_db()
    assert taken_over.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_task_claimed_again_since_the_reaper_read_it_stays_with_its_new_worker():
    lost = task_result(running_on=["dead"], started=LEASE + 20)
    seen_started_at = lost.started_at
    # Another reaper handed it back and a worker claimed it meanwhile.
    lost.claim("alive")

    assert not lease._hand_back(lost.id, seen_started_at, False, lost.started_at)
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.RUNNING
    assert lost.worker_ids == ["dead", "alive"]


@pytest.mark.django_db
def test_a_running_task_of_a_worker_with_no_heartbeat_goes_back_once_past_the_lease():
    """A worker stopped after its lease was lost, or a plain db_worker: nobody
    beats for its task."""
    recent = task_result(running_on=["unknown"], started=5)
    stale = task_result(running_on=["unknown"], started=LEASE + 5)

    lease.reap(LEASE)

    recent.refresh_from_db()
    stale.refresh_from_db()
    assert recent.status == TaskResultStatus.RUNNING
    assert stale.status == TaskResultStatus.READY


@pytest.mark.django_db
def test_a_task_that_killed_its_workers_again_and_again_is_marked_failed():
    heartbeat("fifth", silent_for=LEASE + 5)
    poison = task_result(
        running_on=["first", "second", "third", "fourth", "fifth"], started=LEASE + 20
    )

    [reaped] = lease.reap(LEASE)

    poison.refresh_from_db()
    assert reaped.given_up
    assert poison.status == TaskResultStatus.FAILED
    assert poison.exception_class_path == "rostra.worker.lease.WorkerLost"
    assert "died 5 times" in poison.traceback


@pytest.mark.django_db
def test_a_worker_whose_row_was_reaped_learns_it_lost_its_lease():
    heartbeat("paused", silent_for=LEASE + 5)
    lease.reap(LEASE)

    assert lease.beat("paused") is False


@pytest.mark.django_db
def test_a_worker_stopping_hands_back_the_task_it_was_interrupted_in():
    heartbeat("stopping", silent_for=0)
    heartbeat("other", silent_for=0)
    interrupted = task_result(running_on=["stopping"], started=1)
    others = task_result(running_on=["other"], started=1)

    assert lease.release("stopping") == 1

    interrupted.refresh_from_db()
    others.refresh_from_db()
    assert interrupted.status == TaskResultStatus.READY
    assert others.status == TaskResultStatus.RUNNING
    assert list(Heartbeat.objects.values_list("worker_id", flat=True)) == ["other"]


@pytest.mark.postgres
# serialized_rollback, as every transactional test of the suite: a flush without it
# makes content types again under new ids, and the restore of a serialized test
# run after it collides with them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workers_reaping_at_once_hand_each_lost_task_back_once():
    for number in range(6):
        heartbeat(f"dead-{number}", silent_for=LEASE + 5)
        task_result(running_on=[f"dead-{number}"], started=LEASE + 20)
    heartbeat("alive", silent_for=0)
    alive = task_result(running_on=["alive"], started=LEASE + 20)
    results, start = [], threading.Barrier(4)

    def reaper():
        try:
            start.wait()
            results.extend(item.result_id for item in lease.reap(LEASE))
        finally:
            connection.close()

    threads = [threading.Thread(target=reaper) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 6 and len(set(results)) == 6
    alive.refresh_from_db()
    assert alive.status == TaskResultStatus.RUNNING
    assert list(Heartbeat.objects.values_list("worker_id", flat=True)) == ["alive"]
