from django.utils.translation import gettext_lazy as _
from rostra.people.purposes import Purpose
from rostra.plugins import PluginConfig

EVENT_UPDATES = "event_updates"
GROUP_NEWS = "group_news"


class OrganisingConfig(PluginConfig):
    name = "rostra_organising"
    label = "organising"
    verbose_name = _("Organising")
    description = _("Events with RSVP, waitlist and check-in at the door.")
    version = "0.1.0"
    author = "Rostra"
    default = True
    urls_module = "rostra_organising.urls"
    personal_data = [
        "rostra_organising.personal_data.RsvpRecords",
        "rostra_organising.personal_data.MembershipRecords",
        "rostra_organising.personal_data.ProposalRecords",
    ]
    consent_purposes = (
        Purpose(EVENT_UPDATES, _("News of the campaign's events near me")),
        Purpose(GROUP_NEWS, _("News of my local group, from its organisers")),
    )

    def ready(self):
        from rostra_organising.events import signal_handlers

        signal_handlers.connect()
