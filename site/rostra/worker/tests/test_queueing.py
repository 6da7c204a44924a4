"""Tasks are queued with the change that calls for them: stored in its
transaction with the database queue, so a process killed right after the
commit cannot lose them."""

import ast
from pathlib import Path

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from rostra.mail import sending
from rostra.worker.queueing import with_commit
from rostra.worker.tests.inventory import own_packages

ROOT = Path(__file__).resolve().parents[4]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


def queue_an_email():
    sending.send("people_data_link", to="a@example.org", context={"path": "/x/", "days": 2})


class Undone(Exception):
    pass


@pytest.mark.django_db
def test_with_the_database_queue_the_task_is_stored_with_the_change(settings):
    settings.TASKS = DATABASE_QUEUE
    with transaction.atomic():
        with_commit(queue_an_email)
        assert DBTaskResult.objects.count() == 1  # before the commit, in it

    with pytest.raises(Undone), transaction.atomic():
        with_commit(queue_an_email)
        raise Undone
    assert DBTaskResult.objects.count() == 1  # rolled back with the change


@pytest.mark.django_db
def test_with_another_queue_the_task_waits_for_the_commit(
    settings, django_capture_on_commit_callbacks
):
    from django.tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with_commit(queue_an_email)
        assert not default_task_backend.results
    assert len(default_task_backend.results) == 1


def _source_files():
    for package in own_packages():
        module = __import__(package)
        folder = Path(module.__file__).parent
        for path in folder.rglob("*.py"):
            if "tests" not in path.parts and "migrations" not in path.parts:
                yield path


def test_no_task_is_queued_after_the_commit_with_on_commit():
    """``transaction.on_commit(lambda: task.enqueue(…))`` lost the task when the
    process died between the commit and the callback: use with_commit."""
    found = []
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "on_commit"
                and any(
                    marker in ast.unparse(argument)
                    for argument in node.args
                    for marker in (".enqueue", "_enqueue", "send(", "send_")
                )
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found
