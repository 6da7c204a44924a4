"""The plugin's settings, each with a default, overridable in Django settings or
the environment (PETITIONS_<NAME>)."""

from django.conf import settings
from rostra.config import env_int

_DEFAULTS = {
    # Seconds between two runs of the aggregator; count.json is cached as long.
    "COUNT_INTERVAL": 5,
    # Days a confirmation link stays valid.
    "CONFIRMATION_DAYS": 30,
    # Days after which never-confirmed signatures are deleted (and the people they
    # alone created are erased); never less than CONFIRMATION_DAYS.
    "UNCONFIRMED_DAYS": 30,
    # Proof of work: the largest counter a browser may have to try (half on average).
    "POW_MAX_NUMBER": 60_000,
    # Seconds a proof-of-work challenge stays valid.
    "POW_EXPIRES": 1200,
}


def get(name):
    setting = f"PETITIONS_{name}"
    if hasattr(settings, setting):
        return getattr(settings, setting)
    return env_int(setting, _DEFAULTS[name])


def unconfirmed_days():
    return max(get("UNCONFIRMED_DAYS"), get("CONFIRMATION_DAYS"))


def count_interval():
    return get("COUNT_INTERVAL")


def pow_secret():
    """The key that signs proof-of-work challenges (derived from SECRET_KEY)."""
    return getattr(settings, "PETITIONS_POW_SECRET", None) or (
        "petitions-pow:" + settings.SECRET_KEY
    )
