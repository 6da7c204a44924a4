"""Payment secrets at rest: encrypted with a key that is not in the database.

The key comes from ROSTRA_DONATIONS_SECRETS_KEY (any long random string) or,
failing that, from SECRET_KEY. Either way a database dump alone does not reveal
a Stripe key or webhook secret.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from rostra.config import env


def _fernet():
    material = env("ROSTRA_DONATIONS_SECRETS_KEY") or settings.SECRET_KEY
    digest = hashlib.sha256(b"rostra-donations-secrets:" + material.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(value):
    return _fernet().encrypt(value.encode()).decode() if value else ""


def unseal(token):
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        # The key changed: the secret must be entered again.
        return ""
