"""rostra_worker.E001: web processes and task workers must share the cache
through which they agree on what is queued already."""

import importlib

import pytest

from rostra.worker import checks

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
FILES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": "/tmp/rostra-check",
    }
}


def test_a_worker_process_with_a_cache_of_each_process_own_is_refused(settings):
    settings.TASKS, settings.CACHES = DATABASE_QUEUE, LOCAL
    [error] = checks.shared_cache()
    assert error.id == "rostra_worker.E001"
    assert "LocMemCache" in error.msg and "REDIS_URL" in error.hint


@pytest.mark.parametrize("tasks, caches", [(DATABASE_QUEUE, FILES), (IMMEDIATE, LOCAL)])
def test_a_shared_cache_or_tasks_run_in_process_pass(settings, tasks, caches):
    settings.TASKS, settings.CACHES = tasks, caches
    assert checks.shared_cache() == []


def test_the_demo_settings_of_make_run_pass(settings, monkeypatch):
    """`make run` served confirmation emails only when count.json was next asked
    for: its web process and worker each had a memory cache of their own."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    dev = importlib.reload(importlib.import_module("rostra.settings.dev"))
    settings.TASKS, settings.CACHES = dev.TASKS, dev.CACHES
    assert checks.shared_cache() == []
