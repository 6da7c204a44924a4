"""System checks of the background work's set-up."""

from django.conf import settings
from django.core import checks

# Caches each process keeps for itself.
_PROCESS_LOCAL = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
# Backends that run a task inside the process that enqueued it.
_IN_PROCESS = (
    "django.tasks.backends.immediate.ImmediateBackend",
    "django.tasks.backends.dummy.DummyBackend",
)


def shared_cache(app_configs=None, **kwargs):
    """Web processes and task workers agree through the cache on what is queued
    already (``cache.add`` marks: one confirmation-email run, one counter fold
    pending at a time) and the worker clears the mark when it starts. With a
    cache of each process's own, the web process never sees the mark cleared:
    the work of the next seconds waited for another request (`make run` sent
    confirmation emails only when count.json was next asked for)."""
    in_other_processes = [
        alias
        for alias, config in settings.TASKS.items()
        if config.get("BACKEND") not in _IN_PROCESS
    ]
    cache = settings.CACHES.get("default", {}).get("BACKEND", "")
    if in_other_processes and cache in _PROCESS_LOCAL:
        return [
            checks.Error(
                f"Tasks run in a worker process (TASKS {in_other_processes[0]!r}) but "
                f"the cache ({cache.rsplit('.', 1)[-1]}) lives in each process: the "
                "web processes and the workers would not see each other's marks of "
                "queued work, and some work would wait for a later request.",
                hint="Set REDIS_URL (production), or use a cache the processes share "
                "(the demo's is a FileBasedCache in ROSTRA_VAR_DIR).",
                id="rostra_worker.E001",
            )
        ]
    return []
