"""`make run`: the embedded demo on SQLite, emails kept in a readable outbox."""

from rostra.config import DEVELOPMENT_SECRET_KEY, env, env_bool

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "[::1]"]
# Emails land in the outbox (admin: Settings > Outbox) instead of leaving the machine.
if not env("EMAIL_BACKEND"):
    MAILERS = {"default": {"BACKEND": "rostra.mail.backends.OutboxBackend"}}
# One cache for the web process and the task worker (rostra_worker.E001): they
# agree through it on what is queued already.
if not env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),  # noqa: F405
            # Never cull (the default keeps 300 entries): a spent proof of work
            # or a rate-limit bucket must not be dropped to make room.
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }
