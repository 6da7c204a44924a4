"""Rostra's production settings, unchanged but for the URLconf, which adds the
bare one-row INSERT view the signing bench compares against (bench only)."""

from rostra.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.petitions_site.urls"
