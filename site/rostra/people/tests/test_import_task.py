"""The import's background task run again (its worker died and the task came
back to the queue): a finished job stays as it is, a job stopped half-way is
completed, creating nobody twice and counting what each run did."""

import dataclasses

import pytest
from django.core.files.base import ContentFile

from rostra.people import tasks
from rostra.people.importing import engine
from rostra.people.models import ImportJob, Person
from rostra.people.tests.test_import import NATIONBUILDER

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands for kill -9: nothing after it runs, not even ``except Exception``."""


@pytest.fixture
def job():
    return ImportJob.objects.create(
        file=ContentFile(NATIONBUILDER.encode(), name="people.csv"),
        filename="people.csv",
        dry_run=False,
        status=ImportJob.Status.QUEUED,
    )


def test_a_finished_import_run_again_is_left_as_it_is(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once imported
        tasks.run_import.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created) == (ImportJob.Status.DONE, 2)

    tasks.run_import.call(job.pk)

    job.refresh_from_db()
    assert (job.status, job.created, job.unchanged, job.error) == ("done", 2, 0, "")
    assert Person.objects.count() == 2


def test_a_finished_preview_run_again_is_left_as_it_is(job):
    ImportJob.objects.filter(pk=job.pk).update(dry_run=True)
    tasks.run_import.call(job.pk)
    tasks.run_import.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created, job.rows_done) == (ImportJob.Status.PREVIEW, 2, 2)
    assert not Person.objects.exists()


def test_an_import_whose_worker_died_half_way_is_completed_with_what_each_run_did(job, monkeypatch):
    real_run, real_apply = engine.run, engine._apply_chunk
    monkeypatch.setattr(
        engine,
        "run",
        lambda handle, options, **kw: real_run(
            handle, dataclasses.replace(options, chunk_size=1), **kw
        ),
    )
    applied = []

    def killed_on_second_chunk(chunk, *args):
        if applied:
            raise WorkerKilled
        applied.append(chunk)
        return real_apply(chunk, *args)

    monkeypatch.setattr(engine, "_apply_chunk", killed_on_second_chunk)
    with pytest.raises(WorkerKilled):
        tasks.run_import.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.created) == (ImportJob.Status.RUNNING, 1, 1)

    monkeypatch.setattr(engine, "_apply_chunk", real_apply)
    tasks.run_import.call(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.created, job.updated, job.unchanged, job.rejected) == (2, 0, 0, 0)
    assert Person.objects.count() == 2
