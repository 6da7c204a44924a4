"""Checks of `manage.py check --deploy` for what Django's own do not know
(the plugin contract's own checks are in rostra.checks)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from rostra.config import is_published_secret_key


@register(Tags.security, deploy=True)
def check_secret_key_is_not_published(app_configs, **kwargs):
    if not is_published_secret_key(getattr(settings, "SECRET_KEY", "")):
        return []
    return [
        Warning(
            "SECRET_KEY is a key published with Rostra's code (development, test or the "
            "example environment): anyone can forge sessions, password-reset and "
            "unsubscribe links with it.",
            hint="Set SECRET_KEY to a random value, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'.",
            id="rostra.W001",
        )
    ]
