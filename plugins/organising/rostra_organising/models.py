"""The plugin's models live with their capability (events/, …); Django finds them here."""

from rostra_organising.events.models import EventPage, EventTold, Rsvp  # noqa: F401
from rostra_organising.volunteering.models import (  # noqa: F401
    Recruit,
    Shift,
    ShiftSignup,
    UploadedPollingStation,
    Volunteer,
    VolunteerPage,
)
