"""Rows kept by the thousand stay out of Wagtail's reference index: left in,
each save queued an index task (the worker log showed one per email sent)."""

import pytest
from django.db import models
from django.test.utils import isolate_apps
from django.urls import get_resolver
from django_tasks_db.models import DBTaskResult
from wagtail.models import Site

from rostra.checks import records_left_out_of_the_reference_index
from rostra.mail.models import OutboxMessage


def test_every_installed_record_is_left_out_of_the_reference_index():
    assert records_left_out_of_the_reference_index() == []


@isolate_apps("rostra.people")
def test_a_record_with_a_foreign_key_is_refused_with_the_fix():
    class Visit(models.Model):
        site = models.ForeignKey(Site, on_delete=models.CASCADE)

        class Meta:
            app_label = "people"

    class Note(models.Model):
        wagtail_reference_index_ignore = True
        site = models.ForeignKey(Site, on_delete=models.CASCADE)

        class Meta:
            app_label = "people"

    errors = records_left_out_of_the_reference_index(models=[Visit, Note])
    assert [error.id for error in errors] == ["rostra.E011"]
    assert errors[0].obj is Visit
    assert "wagtail_reference_index_ignore = True" in errors[0].hint


@pytest.mark.django_db
def test_an_email_kept_in_the_outbox_queues_no_index_task(settings):
    assert get_resolver().url_patterns  # the admin's viewsets register their models with Wagtail
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    OutboxMessage.objects.create(site=Site.objects.get(is_default_site=True), to="a@example.org")
    assert OutboxMessage.objects.count() == 1
    assert not DBTaskResult.objects.exists()
