"""WSGI entry point for gunicorn (see deploy/gunicorn.conf.py)."""

from rostra import startup

startup.setup(default_settings="rostra.settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
