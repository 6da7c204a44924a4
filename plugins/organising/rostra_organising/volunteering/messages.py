"""What a volunteer is told by email (rostra.mail), and the link that opens
their offer, where the address is confirmed (with the consent). The link is
the offer's id and an HMAC of it (events/links.py, with a salt of its own)."""

from django.urls import reverse
from rostra.mail.sending import send

from rostra_organising.events import links

OFFER = "rostra_organising.volunteer.offer"


def offer_url(volunteer):
    site = volunteer.site
    base = site.root_url.rstrip("/") if site else ""
    token = links.token(volunteer.pk, OFFER)
    return base + reverse("organising:volunteer", args=[volunteer.pk, token])


def thank(volunteer):
    """The confirmation of an offer, with its link."""
    send(
        "organising/volunteer",
        to=volunteer.email,
        person=volunteer.person,
        language=volunteer.language or None,
        site=volunteer.site,
        context={
            "first_name": volunteer.first_name,
            "tasks": volunteer.tasks_display(),
            "manage_url": offer_url(volunteer),
        },
        key=f"organising:volunteer:{volunteer.pk}",
    )
