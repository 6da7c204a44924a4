"""Rostra's test settings on the bench database, with the URLs of the two
baselines the API bench compares against (bench only)."""

from rostra.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.api_site.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "rest_framework"]  # noqa: F405
# The bench measures the API's own cost, not its limiter refusing a fast client.
ROSTRA_API_CALLS_PER_MINUTE = 10**9
# DRF's defaults (session and basic authentication, AllowAny), as shipped.
REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
}
# Connections kept between requests, as production keeps them (the test
# settings close them, which would time connecting, not serving).
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
