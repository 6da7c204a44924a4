from django.utils.translation import gettext_lazy as _
from rostra.people.purposes import Purpose
from rostra.plugins import PluginConfig

#: The consent purpose the plugin asks for (stored in the ledger: never rename it).
VOLUNTEER_CONTACT = "volunteer_contact"


class VolunteersConfig(PluginConfig):
    name = "rostra_volunteers"
    label = "volunteers"  # explicit and unique: tables, URLs and switches use it
    verbose_name = _("Volunteers")
    description = _("A page where supporters offer to help, confirmed by email.")
    version = "1.0.0"
    author = "Your organisation"
    min_core_version = (0, 1)
    enabled_by_default = True
    default = True
    consent_purposes = (Purpose(VOLUNTEER_CONTACT, _("Being contacted to volunteer")),)
    # Every model pointing at a person, declared (rostra.E010 refuses one left out).
    personal_data = ["rostra_volunteers.personal_data.AvailabilityRecords"]
    # The page a new candidate site starts with.
    blueprint = "rostra_volunteers.blueprint.VolunteerPart"

    def ready(self):
        from rostra_volunteers import signal_handlers

        signal_handlers.connect()
