"""Finished task results (their arguments hold addresses, texts, PDFs) and
sent-email keys go after a month; waiting and running tasks stay."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from rostra.mail.models import Delivery
from rostra.people import retention
from rostra.worker.tests.conftest import ago, task_result

pytestmark = pytest.mark.django_db

RULE = "finished background tasks deleted"


def finished(days_ago, status=TaskResultStatus.SUCCESSFUL):
    result = task_result(status=status)
    DBTaskResult.objects.filter(pk=result.pk).update(finished_at=ago(days_ago * 86400))
    return result


def test_apply_retention_deletes_finished_tasks_and_email_keys_after_a_month():
    old_done, old_failed = finished(45), finished(45, TaskResultStatus.FAILED)
    recent = finished(3)
    waiting = task_result()
    running = task_result(running_on=["w"], started=60 * 86400)
    Delivery.objects.create(key="mail:old", sent_at=ago(45 * 86400))
    Delivery.objects.create(key="mail:recent")

    assert retention.apply(dry_run=True)[RULE] == 2
    assert DBTaskResult.objects.count() == 5

    assert retention.apply()[RULE] == 2

    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {
        recent.pk,
        waiting.pk,
        running.pk,
    }
    assert not DBTaskResult.objects.filter(pk__in=[old_done.pk, old_failed.pk]).exists()
    assert list(Delivery.objects.values_list("key", flat=True)) == ["mail:recent"]


def test_the_period_is_a_setting(settings):
    settings.ROSTRA_RETENTION_MONTHS = {"tasks": 3}
    finished(45)
    assert retention.apply(now=timezone.now() + datetime.timedelta(days=1))[RULE] == 0
