"""Making and checking API keys.

A token is ``rostra_<prefix>_<secret>``: the prefix finds the key, the secret
(32 random bytes) is compared by its SHA-256. A password hash (slow on
purpose) would add nothing to a secret that long and cost every call.
"""

import hashlib
import hmac
import secrets

from django.utils import timezone

from rostra_api.models import ApiKey

TOKEN_PREFIX = "rostra_"  # noqa: S105 (not a secret: how tokens start)


def digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def make(*, site, name, user, scopes, prefix=None, secret=None):
    """A new key and its token (shown once: only its hash is stored).
    ``prefix`` and ``secret``: only for the demo, whose tokens stay the same
    from one run to the next."""
    prefix = prefix or secrets.token_hex(6)
    secret = secret or secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        site=site,
        name=name,
        user=user,
        scopes=scopes,
        prefix=prefix,
        secret_hash=digest(secret),
    )
    return key, f"{TOKEN_PREFIX}{prefix}_{secret}"


def assign_secret(key):
    """Give an unsaved key its prefix and secret hash; returns the token."""
    key.prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    key.secret_hash = digest(secret)
    return f"{TOKEN_PREFIX}{key.prefix}_{secret}"


def find(token):
    """The active key of ``token``, or None (unknown, wrong secret, revoked, or
    its user deactivated)."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    prefix, _, secret = token[len(TOKEN_PREFIX) :].partition("_")
    if not prefix or not secret:
        return None
    key = (
        ApiKey.objects.select_related("user", "site")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if key is None or not hmac.compare_digest(key.secret_hash, digest(secret)):
        return None
    if not key.user.is_active:
        return None
    return key


def revoke(key, *, by=None):
    """Stops the key at once: ``find`` reads the database on every call."""
    from wagtail.log_actions import log

    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        log(key, "api.key_revoked", user=by)
