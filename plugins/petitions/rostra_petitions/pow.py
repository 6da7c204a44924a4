"""Self-hosted proof of work (the ALTCHA v2 protocol, ``altcha`` on PyPI).

The server issues a signed challenge: a random nonce and salt, and the first
half of SHA-256(salt + nonce + counter) for a counter it picked at random below
POW_MAX_NUMBER. The browser (static/petitions/js/pow-worker.js) tries counters
from 0 until it finds that key; the server checks the challenge's signature and
the key's signature (two HMACs) and that the challenge was not used before.
No third party is involved and nothing is stored until a form is posted.
"""

import base64
import binascii
import json
import secrets
import time

import altcha
from django.core.cache import cache

from rostra_petitions import conf

ALGORITHM = "SHA-256"
_SPENT = "petitions:pow:spent:{}"


def _key_secret():
    return conf.pow_secret() + ":key"


def new_challenge(*, counter=None):
    """A challenge as the JSON-ready dict the browser solves."""
    max_number = max(1, int(conf.get("POW_MAX_NUMBER")))
    challenge = altcha.create_challenge(
        ALGORITHM,
        1,
        counter=secrets.randbelow(max_number) if counter is None else counter,
        expires_at=int(time.time()) + int(conf.get("POW_EXPIRES")),
        hmac_secret=conf.pow_secret(),
        hmac_key_secret=_key_secret(),
    )
    return challenge.to_dict()


def solve(challenge_dict):
    """Find the solution as a browser would (tests and the benchmark's clients)."""
    challenge = altcha.Challenge.from_dict(challenge_dict)
    solution = altcha.solve_challenge(challenge)
    return payload(challenge_dict, solution.counter, solution.derived_key)


def payload(challenge_dict, counter, derived_key):
    data = {
        "challenge": challenge_dict,
        "solution": {"counter": counter, "derivedKey": derived_key},
    }
    return base64.b64encode(json.dumps(data).encode()).decode()


def verify(encoded):
    """True when the payload solves a challenge we signed, not expired, never used."""
    if not encoded or len(encoded) > 4000:
        return False
    try:
        json.loads(base64.b64decode(encoded, validate=True))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return False
    try:
        result = altcha.verify_solution(encoded, conf.pow_secret(), hmac_key_secret=_key_secret())
    except Exception:  # malformed parameters: the library's own checks did not catch it
        return False
    if not result.verified:
        return False
    # One use per challenge: the nonce is spent until the challenge would expire anyway.
    nonce = json.loads(base64.b64decode(encoded))["challenge"]["parameters"]["nonce"]
    return cache.add(_SPENT.format(nonce), 1, int(conf.get("POW_EXPIRES")) + 60)
