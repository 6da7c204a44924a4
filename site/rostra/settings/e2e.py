"""Browser tests (make e2e): the demo served as `make run` serves it, on a
throwaway SQLite file, with two differences that let the test process watch
and steer the server it drives:

- background tasks run at once, inside the request, so an email is in the
  outbox by the time the page that sent it has answered;
- the cache lives in files both processes share, so a setting the test
  changes through the ORM clears what the server has cached (the same
  signal handlers run in the test process).
"""

from rostra.config import env

from .dev import *  # noqa: F403

MAILERS = {"default": {"BACKEND": "rostra.mail.backends.OutboxBackend"}}
# Any queue name (the petitions counter has its own), as in production.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("ROSTRA_E2E_CACHE_DIR", str(VAR_DIR / "e2e-cache")),  # noqa: F405
    }
}
# Immediate tasks would log two lines each at INFO: keep the server log readable.
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {
        **LOGGING["loggers"],  # noqa: F405
        "django.tasks": {"level": "WARNING"},
    },
}
