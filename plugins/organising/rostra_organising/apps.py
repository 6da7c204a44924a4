from django.utils.translation import gettext_lazy as _
from rostra.people.purposes import Purpose
from rostra.plugins import PluginConfig

EVENT_UPDATES = "event_updates"
VOLUNTEERING = "volunteering"
GROUP_NEWS = "group_news"


class OrganisingConfig(PluginConfig):
    name = "rostra_organising"
    label = "organising"
    verbose_name = _("Organising")
    description = _(
        "Events with RSVP, waitlist and check-in at the door; local groups; volunteering, "
        "shifts and polling-station staffing."
    )
    version = "0.1.0"
    author = "Rostra"
    default = True
    urls_module = "rostra_organising.urls"
    blueprint = "rostra_organising.volunteering.blueprint.VolunteeringPart"
    personal_data = [
        "rostra_organising.personal_data.RsvpRecords",
        "rostra_organising.personal_data.MembershipRecords",
        "rostra_organising.personal_data.ProposalRecords",
        "rostra_organising.volunteering.personal_data.VolunteerRecords",
        "rostra_organising.volunteering.personal_data.ShiftSignupRecords",
        "rostra_organising.volunteering.personal_data.RecruitRecords",
    ]
    consent_purposes = (
        Purpose(EVENT_UPDATES, _("News of the campaign's events near me")),
        Purpose(VOLUNTEERING, _("Being contacted to organise my volunteering")),
        Purpose(GROUP_NEWS, _("News of my local group, from its organisers")),
    )

    def ready(self):
        from rostra_organising.events import signal_handlers

        signal_handlers.connect()
