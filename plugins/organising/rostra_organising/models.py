"""The plugin's models live with their capability (events/, groups/, …); Django finds them here."""

from rostra_organising.events.models import EventPage, EventTold, Rsvp  # noqa: F401
from rostra_organising.events.proposals import EventProposal  # noqa: F401
from rostra_organising.groups.models import GroupPage, Membership  # noqa: F401
from rostra_organising.messaging import OrganiserMessage  # noqa: F401
from rostra_organising.volunteering.models import (  # noqa: F401
    Recruit,
    Shift,
    ShiftSignup,
    UploadedPollingStation,
    Volunteer,
    VolunteerPage,
)
