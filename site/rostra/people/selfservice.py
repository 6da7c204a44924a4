"""The right of access, by the person themselves: they ask with their email
address, get an expiring link by email, and the link shows (or downloads) all
their data. The request page answers the same whether the address is known
or not, so it cannot tell who is in the database."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from rostra import rate_limits
from rostra.people.canonical import canonical_email
from rostra.rate_limits import Limit

_SALT = "rostra.people.my-data"
MAX_AGE = getattr(settings, "ROSTRA_DATA_LINK_MAX_AGE", 7 * 24 * 3600)
RATE_LIMIT = 5  # requests per hour, per address and per IP


def make_token(person):
    return signing.dumps({"p": person.pk, "e": person.email_canonical}, salt=_SALT, compress=True)


def read_token(token):
    """The Person a link is for, or None (tampered, expired, or address changed)."""
    from rostra.people.models import Person

    try:
        data = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return Person.objects.filter(
        pk=data.get("p"), email_canonical=data.get("e") or "-", erased_at__isnull=True
    ).first()


def path(person):
    return reverse("people:my_data", args=[make_token(person)])


def allowed(email, ip_hash):
    """Rate limit: a few requests an hour per address and per IP."""
    limits = [
        Limit(f"people:my-data:{kind}", value, RATE_LIMIT, 3600)
        for kind, value in (("email", canonical_email(email)), ("ip", ip_hash))
        if value
    ]
    return not any(rate_limits.over(limits))
