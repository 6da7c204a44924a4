"""Anti-bot for the plugin's public forms, as the petitions plugin does it: a
honeypot field, and a self-hosted proof of work (the ALTCHA protocol, the
``altcha`` package) solved by the visitor's browser. No third party is asked.
The browser side is static/organising/js/rsvp.js and pow-worker.js.
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
_SPENT = "organising:pow:spent:{}"


def _get(name, default):
    return getattr(settings, f"ORGANISING_{name}", default)


def _secret():
    return "organising-pow:" + settings.SECRET_KEY


def max_number():
    # The largest counter a browser may have to try (half of it on average).
    return max(1, int(_get("POW_MAX_NUMBER", 60_000)))


def expires():
    return int(_get("POW_EXPIRES", 1200))


def new_challenge():
    challenge = altcha.create_challenge(
        ALGORITHM,
        1,
        counter=secrets.randbelow(max_number()),
        expires_at=int(time.time()) + expires(),
        hmac_secret=_secret(),
        hmac_key_secret=_secret() + ":key",
    )
    return challenge.to_dict()


def solve(challenge_dict):
    """Solve as a browser would (tests, the bench)."""
    solution = altcha.solve_challenge(altcha.Challenge.from_dict(challenge_dict))
    data = {
        "challenge": challenge_dict,
        "solution": {"counter": solution.counter, "derivedKey": solution.derived_key},
    }
    return base64.b64encode(json.dumps(data).encode()).decode()


def verify(encoded):
    """True when the payload solves a challenge we signed, not expired, never used."""
    if not encoded or len(encoded) > 4000:
        return False
    try:
        nonce = json.loads(base64.b64decode(encoded, validate=True))["challenge"]["parameters"][
            "nonce"
        ]
        result = altcha.verify_solution(encoded, _secret(), hmac_key_secret=_secret() + ":key")
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        return False
    except Exception:  # malformed parameters the library's own checks did not catch
        return False
    if not result.verified:
        return False
    return cache.add(_SPENT.format(nonce), 1, expires() + 60)
