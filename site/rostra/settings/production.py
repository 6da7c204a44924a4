"""Production: every secret and host comes from the environment, and a missing
one stops start-up with its name (see docs/deployment.md)."""

from rostra.config import (
    ConfigurationError,
    env,
    env_bool,
    env_int,
    env_list,
    is_published_secret_key,
)

from .base import *  # noqa: F403
from .base import DATABASES, TEMPLATES

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ConfigurationError(
        "SECRET_KEY must be set in the environment to a random value of at least 50 "
        "characters, e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )
if "change-me" in SECRET_KEY:
    raise ConfigurationError(
        "SECRET_KEY is still the example value of deploy/rostra.env.example: set a random "
        "one, e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )
if is_published_secret_key(SECRET_KEY):
    raise ConfigurationError(
        "SECRET_KEY is the development or test key published with Rostra's code: anyone "
        "could forge sessions and links with it. Set a random one, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )
# The donations test mode stands in for Stripe with a webhook secret published in
# the code: in production anyone could sign "paid" events with it.
if env_bool("ROSTRA_DONATIONS_TEST_MODE", False):
    raise ConfigurationError(
        "ROSTRA_DONATIONS_TEST_MODE is on: the donation webhooks would accept events "
        "signed with the test mode's published secret. Remove it from the production "
        "environment (give each site its Stripe keys in the admin instead)."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ConfigurationError(
        "ALLOWED_HOSTS must list the site's host names, comma-separated "
        "(e.g. ALLOWED_HOSTS=www.example.fr,.candidats.example.fr)."
    )
if not env("DATABASE_URL"):
    raise ConfigurationError("DATABASE_URL must be set (e.g. postgres://rostra@/rostra).")
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 600)

# TLS is terminated by nginx, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^_health/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
USE_X_FORWARDED_HOST = False

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
}
TEMPLATES[0]["OPTIONS"]["debug"] = False
ROSTRA_PAGE_CACHE_SECONDS = env_int("ROSTRA_PAGE_CACHE_SECONDS", 300)
# A purge must reach every app server's view of the publication counter
# (rostra.cache_purge.generation): it lives in the shared cache.
if env("ROSTRA_PURGE_URL") and not env("REDIS_URL"):
    raise ConfigurationError(
        "ROSTRA_PURGE_URL needs REDIS_URL: the app servers share the page cache's "
        "publication counter through Redis."
    )
# nginx puts the visitor's address in X-Real-IP (deploy/nginx/rostra.conf.template);
# rate limits read it there (rostra.client_ip).
ROSTRA_CLIENT_IP_HEADER = env("ROSTRA_CLIENT_IP_HEADER", "X-Real-IP")
