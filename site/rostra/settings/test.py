"""pytest: fast hashing, memory cache and mail, tasks run immediately."""

from rostra.config import TEST_SECRET_KEY, env

from .base import *  # noqa: F403

SECRET_KEY = TEST_SECRET_KEY
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Any queue name (the petitions counter has its own), as in production.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests ask "testserver" for sites named otherwise; the tests of the redirect
# (and the walk of every public URL) switch it on.
ROSTRA_REDIRECT_TO_CANONICAL_HOST = False
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A signal sent with a payload other than its declaration fails the test (rostra.signals).
ROSTRA_CHECK_SIGNALS = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
if env("DATABASE_URL", "").startswith("postgres"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
    # Empties tables with DELETE after a transactional test (TRUNCATE took seconds).
    DATABASES["default"]["ENGINE"] = "rostra.tests.postgresql_backend"  # noqa: F405

# A plugin that exists only for the core's tests of the plugin contract.
INSTALLED_APPS = [*INSTALLED_APPS, "rostra.tests.sampleplugin"]  # noqa: F405
