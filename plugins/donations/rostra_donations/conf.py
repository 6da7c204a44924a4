"""The plugin's settings, each with its default (override in Django settings).

Every figure of shared/COMPLIANCE.md is a setting with the spec's value as
default; the retention period is the one the spec marks *verify* (see
docs/donations.md).
"""

from django.conf import settings
from rostra.config import env_bool

DEFAULTS = {
    # France, loi 88-227 art. 11-4: per person, per calendar year, all parties.
    "DONATIONS_FR_PARTY_CAP": 750_000,  # cents
    # France, Code électoral L52-8: per person, per election, all candidates.
    "DONATIONS_FR_CANDIDATE_CAP": 460_000,  # cents
    # Above this, a candidate's gift must not be in cash (L52-8); online is fine.
    "DONATIONS_FR_CASH_LIMIT": 15_000,  # cents
    # How long donation records are kept after erasure for accounts and receipts (*verify*).
    "DONATIONS_RETENTION_YEARS": 6,
    # A gift started but never paid stops counting towards the cap after this.
    "DONATIONS_PENDING_HOLD_HOURS": 3,
    # Lifetime of the link emailed to a donor to open their page.
    "DONATIONS_DONOR_LINK_HOURS": 48,
    # Stripe's webhook timestamp tolerance (seconds), as stripe-python's default.
    "DONATIONS_WEBHOOK_TOLERANCE": 300,
    # Public form: attempts per IP address per 10 minutes.
    "DONATIONS_FORM_RATE": 20,
    # A webhook event naming a payment not known yet is kept this long for it to
    # appear (minutes, in practice); older ones named a payment made outside Rostra.
    "DONATIONS_KEPT_EVENT_DAYS": 30,
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])


def test_mode_allowed():
    """The local stand-in for Stripe's hosted page: on in development, never
    in production unless asked for (ROSTRA_DONATIONS_TEST_MODE=1)."""
    explicit = getattr(settings, "DONATIONS_TEST_MODE", None)
    if explicit is not None:
        return bool(explicit)
    return env_bool("ROSTRA_DONATIONS_TEST_MODE", settings.DEBUG)
