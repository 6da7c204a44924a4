"""The petitions' background tasks run again (their worker died and the task
came back to the queue): nothing is counted, invalidated, imported or alerted
twice, and what a finished run recorded stays as it was."""

import pytest
from django_tasks_db.models import DBTaskResult

from rostra_petitions import counting, paper, tasks
from rostra_petitions.models import Invalidation, PaperBatch, PetitionState, Signature
from rostra_petitions.tests.conftest import sign
from rostra_petitions.tests.test_counting import signed_and_confirmed

pytestmark = pytest.mark.django_db

PAPER = "prénom;nom;code postal\nLéa;Martin;13001\nJean;Petit;ABCDE\nLuc;Sans-Courriel;75011\n"


def test_recounting_twice_finds_no_drift_the_second_time(client, petition):
    signed_and_confirmed(client, petition, 2)
    counting.fold()
    PetitionState.objects.filter(petition=petition).update(online_count=9)

    assert tasks.recount_all.call() == [{"petition": petition.pk, "online": 7, "paper": 0}]
    assert tasks.recount_all.call() == []
    assert PetitionState.objects.get(petition=petition).online_count == 2


def test_an_invalidation_run_again_touches_nothing_more(client, petition):
    for index in range(3):
        sign(client, petition, email=f"x{index}@bad.example")
    record = Invalidation.objects.create(criteria={"domain": "bad.example"}, summary="bad")
    assert tasks.invalidate.call(record.pk) == {"matched": 3, "uncounted": 0}
    # A signature made since matches the criteria: the invalidation was of the
    # three that matched when it ran, not of anyone who signs later.
    sign(client, petition, email="later@bad.example")

    assert tasks.invalidate.call(record.pk) == {"matched": 3, "uncounted": 0}

    record.refresh_from_db()
    assert (record.matched, record.uncounted) == (3, 0)
    assert Signature.objects.get(email="later@bad.example").state == Signature.State.PENDING
    assert Signature.objects.filter(state=Signature.State.INVALIDATED).count() == 3


def test_a_paper_import_run_again_imports_nothing_twice_and_keeps_its_report(petition):
    batch = paper._queue(petition, PAPER, file_name="papier.csv", user=None)
    assert tasks.import_paper.call(batch.pk) == {"imported": 2, "skipped": 1}

    assert tasks.import_paper.call(batch.pk) == {"imported": 2, "skipped": 1}

    batch.refresh_from_db()
    assert (batch.status, batch.imported, batch.skipped) == (PaperBatch.Status.DONE, 2, 1)
    assert Signature.objects.filter(source=Signature.Source.PAPER).count() == 2


def test_a_threshold_alert_is_queued_in_the_transaction_that_marks_it_sent(
    client, petition, settings
):
    """Queued after the commit, an alert was lost if the worker died in between,
    and the threshold, marked alerted, never alerted again."""
    signed_and_confirmed(client, petition, 2)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}

    counting.fold()  # inside the test's transaction, as a worker's run is inside its own

    queued = DBTaskResult.objects.filter(task_path="rostra.mail.sending.deliver")
    assert [result.args_kwargs["kwargs"]["to"] for result in queued] == ["equipe@example.org"]
