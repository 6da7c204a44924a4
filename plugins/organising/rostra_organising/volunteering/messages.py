"""What a volunteer is told by email (rostra.mail), and the link that opens
their offer, where the address is confirmed (with the consent) and their
shifts are, each with its button to free the place. The link is the offer's
id and an HMAC of it (events/links.py, with a salt of its own)."""

from django.urls import reverse
from rostra.mail.sending import send

from rostra_organising.events import links
from rostra_organising.events.messages import when_text

OFFER = "rostra_organising.volunteer.offer"


def offer_url(volunteer):
    site = volunteer.site
    base = site.root_url.rstrip("/") if site else ""
    token = links.token(volunteer.pk, OFFER)
    return base + reverse("organising:volunteer", args=[volunteer.pk, token])


def _shift_lines(signups, language):
    return [
        f"{signup.shift.title} – {when_text(signup.shift, language)}"
        + (f" – {signup.shift.meeting_point}" if signup.shift.meeting_point else "")
        for signup in signups
    ]


def thank(volunteer, signups=(), full=()):
    """The confirmation of an offer: its shifts, those that were full, the link."""
    language = volunteer.language or volunteer.person.language
    send(
        "organising/volunteer",
        to=volunteer.email,
        person=volunteer.person,
        language=volunteer.language or None,
        site=volunteer.site,
        context={
            "first_name": volunteer.first_name,
            "tasks": volunteer.tasks_display(),
            "shifts": _shift_lines(signups, language),
            "full": [shift.title for shift in full],
            "manage_url": offer_url(volunteer),
        },
        key=f"organising:volunteer:{volunteer.pk}",
    )


def remind(signup):
    """A shift's reminder, once per sign-up and start time (a shift moved gets
    its reminder again)."""
    volunteer = signup.volunteer
    language = volunteer.language or volunteer.person.language
    send(
        "organising/shift_reminder",
        to=volunteer.email,
        person=volunteer.person,
        language=volunteer.language or None,
        site=signup.shift.site,
        context={
            "first_name": volunteer.first_name,
            "shift_title": signup.shift.title,
            "when": when_text(signup.shift, language),
            "meeting_point": signup.shift.meeting_point,
            "manage_url": offer_url(volunteer),
        },
        key=f"organising:shift_reminder:{signup.pk}:{signup.shift.starts_at.isoformat()}",
    )
