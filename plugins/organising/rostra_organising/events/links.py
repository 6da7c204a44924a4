"""The links emailed about an RSVP: one to see it (the online link) and cancel
it, one in the QR code for the host's check-in. Each is the RSVP's id and an
HMAC of it under the site's SECRET_KEY, with a salt of its own: a link of one
kind never opens the other, and no id can be turned into a link without the key.
"""

from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

MANAGE = "rostra_organising.rsvp.manage"
CHECKIN = "rostra_organising.rsvp.checkin"


def token(rsvp_id, purpose):
    return salted_hmac(purpose, str(rsvp_id), algorithm="sha256").hexdigest()[:32]


def valid(rsvp_id, purpose, given):
    return constant_time_compare(token(rsvp_id, purpose), given or "")


def _base(event):
    site = event.get_site()
    return site.root_url.rstrip("/") if site else ""


def manage_url(rsvp):
    return _base(rsvp.event) + reverse("organising:rsvp", args=[rsvp.pk, token(rsvp.pk, MANAGE)])


def checkin_url(rsvp):
    return _base(rsvp.event) + reverse("organising:scan", args=[rsvp.pk, token(rsvp.pk, CHECKIN)])
