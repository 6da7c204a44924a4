"""Jurisdiction rules, looked up by code. Add one with the setting
DONATIONS_JURISDICTIONS = {"de": "my_package.germany.Germany", ...}."""

from django.conf import settings
from django.utils.module_loading import import_string

BUILT_IN = {
    "fr": "rostra_donations.jurisdictions.france.France",
    "default": "rostra_donations.jurisdictions.permissive.Permissive",
}


def registry():
    return {**BUILT_IN, **getattr(settings, "DONATIONS_JURISDICTIONS", {})}


def get(code):
    path = registry().get(code) or BUILT_IN["default"]
    return import_string(path)()


def choices():
    return [(code, get(code).label) for code in registry()]
