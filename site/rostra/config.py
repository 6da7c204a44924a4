"""Reading configuration from the environment, and failing with a clear message.

Settings modules call these helpers; anything wrong raises ConfigurationError,
which manage.py and the WSGI entry point turn into one readable line instead of
a traceback from deep inside Django.
"""

import os

from django.core.exceptions import ImproperlyConfigured

# The secret keys of the development and test settings, published with the code:
# anyone could sign sessions, password-reset and unsubscribe links with them.
DEVELOPMENT_SECRET_KEY = "dev-only-secret-key-never-use-in-production-" + "x" * 20
TEST_SECRET_KEY = "test-secret-key-for-the-test-suite-only-0123456789abcdef"  # noqa: S105
PUBLISHED_SECRET_KEYS = (DEVELOPMENT_SECRET_KEY, TEST_SECRET_KEY)


def is_published_secret_key(value):
    """A key of this repository's settings or examples, never a secret."""
    value = value or ""
    return value in PUBLISHED_SECRET_KEYS or "change-me" in value


class ConfigurationError(ImproperlyConfigured):
    """A setting is missing or wrong; the message names it and says how to fix it."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ConfigurationError(f"the environment variable {name} is required but not set.")
        return default
    return value


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigurationError(f"{name}={value!r} is not a yes/no value (use 1/0, true/false).")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name}={value!r} is not a whole number.") from None


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]
