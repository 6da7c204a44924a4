"""Anti-bot for public forms, shared by the core and the plugins: a
self-hosted proof of work (the ALTCHA v2 protocol, the ``altcha`` package),
next to each form's own honeypot field.

The server issues a signed challenge: a random nonce and salt, and the first
half of SHA-256(salt + nonce + counter) for a counter it picked at random below
``max_number``. The browser (static/rostra/js/pow-worker.js) tries counters
from 0 until it finds that key; the server checks the challenge's signature and
the key's signature (two HMACs) and that the challenge was not used before.
No third party is involved and nothing is stored until a form is posted.

Each user of it names a ``scope`` (its own signing key, derived from
SECRET_KEY, and its own record of spent challenges): a challenge issued for
one scope never passes another's check.
"""

import base64
import binascii
import json
import secrets
import time

import altcha
from django.conf import settings
from django.core.cache import cache

ALGORITHM = "SHA-256"
MAX_NUMBER = 60_000  # the largest counter a browser may have to try (half on average)
EXPIRES = 1200  # seconds a challenge stays valid


def secret_for(scope):
    return f"{scope}-pow:" + settings.SECRET_KEY


def new_challenge(scope, *, max_number=MAX_NUMBER, expires=EXPIRES, counter=None, secret=None):
    """A challenge as the JSON-ready dict the browser solves."""
    secret = secret or secret_for(scope)
    challenge = altcha.create_challenge(
        ALGORITHM,
        1,
        counter=secrets.randbelow(max(1, int(max_number))) if counter is None else counter,
        expires_at=int(time.time()) + int(expires),
        hmac_secret=secret,
        hmac_key_secret=secret + ":key",
    )
    return challenge.to_dict()


def payload(challenge_dict, counter, derived_key):
    data = {
        "challenge": challenge_dict,
        "solution": {"counter": counter, "derivedKey": derived_key},
    }
    return base64.b64encode(json.dumps(data).encode()).decode()


def solve(challenge_dict):
    """Find the solution as a browser would (tests and the benchmarks' clients)."""
    solution = altcha.solve_challenge(altcha.Challenge.from_dict(challenge_dict))
    return payload(challenge_dict, solution.counter, solution.derived_key)


def verify(encoded, scope, *, expires=EXPIRES, secret=None):
    """True when the payload solves a challenge this scope signed, not expired, never used."""
    if not encoded or len(encoded) > 4000:
        return False
    secret = secret or secret_for(scope)
    try:
        nonce = json.loads(base64.b64decode(encoded, validate=True))["challenge"]["parameters"][
            "nonce"
        ]
        result = altcha.verify_solution(encoded, secret, hmac_key_secret=secret + ":key")
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        return False
    except Exception:  # malformed parameters the library's own checks did not catch
        return False
    if not result.verified:
        return False
    # One use per challenge: the nonce is spent until the challenge would expire anyway.
    return cache.add(f"{scope}:pow:spent:{nonce}", 1, int(expires) + 60)
