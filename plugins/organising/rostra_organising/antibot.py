"""Anti-bot for the plugin's public forms (RSVP, joining a group, proposing an
event): a honeypot field on each form, and the core's self-hosted proof of
work (rostra.antibot) under the plugin's own scope. The browser side is
the core's static/rostra/js/antibot.js and pow-worker.js.
"""

from django.conf import settings
from rostra import antibot

SCOPE = "organising"


def _get(name, default):
    return getattr(settings, f"ORGANISING_{name}", default)


def max_number():
    return max(1, int(_get("POW_MAX_NUMBER", antibot.MAX_NUMBER)))


def expires():
    return int(_get("POW_EXPIRES", antibot.EXPIRES))


def new_challenge():
    return antibot.new_challenge(SCOPE, max_number=max_number(), expires=expires())


def solve(challenge_dict):
    """Solve as a browser would (tests, the bench)."""
    return antibot.solve(challenge_dict)


def verify(encoded):
    """True when the payload solves a challenge we signed, not expired, never used."""
    return antibot.verify(encoded, SCOPE, expires=expires())
