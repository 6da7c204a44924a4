"""Signed links of the plugin's records other than RSVPs (events/links.py
signs those): a member's own link (confirm the address, leave the group) and
a supporter host's link to their event's RSVPs. Each is the row's id and an
HMAC of it under the SECRET_KEY with a salt of its own."""

from django.urls import reverse

from rostra_organising.events.links import token, valid  # noqa: F401 (one signing for all)

MEMBER = "rostra_organising.group.member"
HOST = "rostra_organising.proposal.host"


def _base(page):
    site = page.get_site() if page is not None else None
    return site.root_url.rstrip("/") if site else ""


def member_url(membership):
    return _base(membership.group) + reverse(
        "organising:member", args=[membership.pk, token(membership.pk, MEMBER)]
    )


def host_url(proposal):
    return _base(proposal.event) + reverse(
        "organising:host", args=[proposal.pk, token(proposal.pk, HOST)]
    )
