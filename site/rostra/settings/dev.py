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
