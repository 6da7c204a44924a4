from rostra.people.purposes import Purpose
from rostra.plugins import PluginConfig


class SamplePluginConfig(PluginConfig):
    """A plugin used only by the core's tests (added by the test settings)."""

    name = "rostra.tests.sampleplugin"
    label = "sampleplugin"
    verbose_name = "Sample plugin"
    description = "Records the signals it receives."
    version = "1.0"
    default = True
    personal_data = ["rostra.tests.sampleplugin.personal_data.SampleRecords"]
    # Stands for the purposes of a plugin to come (events and RSVP) in the core's tests.
    consent_purposes = (Purpose("events", "Invitations to events", retention_months=24),)

    def ready(self):
        from rostra import signals
        from rostra.tests.sampleplugin import receivers

        signals.person_created.connect(receivers.on_person_created)
        signals.person_erased.connect(receivers.on_person_erased)
        signals.people_merged.connect(receivers.on_people_merged)
