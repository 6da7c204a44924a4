"""Unsubscribe links: a signed token naming the person and the purpose.

The link never expires (an old newsletter must still let someone leave) and
works in one click: mail clients POST to it (RFC 8058), people get a page with
a button (a GET never unsubscribes, so link scanners cannot do it for them).
"""

from django.core import signing
from django.urls import reverse

_SALT = "rostra.people.unsubscribe"


def make_token(person_id, purpose=""):
    return signing.dumps({"p": person_id, "u": purpose or ""}, salt=_SALT, compress=True)


def read_token(token):
    """(person_id, purpose) from a token, or None if it was tampered with."""
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        return None
    return data["p"], data.get("u") or ""


def path(person_id, purpose=""):
    return reverse("people:unsubscribe", args=[make_token(person_id, purpose)])
