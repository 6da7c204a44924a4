"""Entry points (manage.py, WSGI) start Django through here so that a bad
setting, an unknown theme or a broken plugin stops start-up with one message
that names the problem."""

import os
import sys

from rostra.config import ConfigurationError


def setup(default_settings="rostra.settings.dev"):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings)
    import django

    try:
        django.setup()
    except ConfigurationError as error:
        sys.stderr.write(f"Rostra cannot start: {error}\n")
        sys.exit(2)
