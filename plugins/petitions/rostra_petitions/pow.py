"""Self-hosted proof of work for the signing form: the core's (rostra.antibot,
the ALTCHA v2 protocol) under the petitions' scope, with the plugin's settings
(POW_MAX_NUMBER, POW_EXPIRES, POW_SECRET: rostra_petitions.conf). The browser
side is the core's static/rostra/js/pow-worker.js.
"""

from rostra import antibot

from rostra_petitions import conf

SCOPE = "petitions"


def new_challenge(*, counter=None):
    """A challenge as the JSON-ready dict the browser solves."""
    return antibot.new_challenge(
        SCOPE,
        max_number=conf.get("POW_MAX_NUMBER"),
        expires=conf.get("POW_EXPIRES"),
        counter=counter,
        secret=conf.pow_secret(),
    )


def solve(challenge_dict):
    """Find the solution as a browser would (tests and the benchmark's clients)."""
    return antibot.solve(challenge_dict)


def payload(challenge_dict, counter, derived_key):
    return antibot.payload(challenge_dict, counter, derived_key)


def verify(encoded):
    """True when the payload solves a challenge we signed, not expired, never used."""
    return antibot.verify(encoded, SCOPE, expires=conf.get("POW_EXPIRES"), secret=conf.pow_secret())
