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

    def ready(self):
        from rostra import signals
        from rostra.tests.sampleplugin import receivers

        signals.person_created.connect(receivers.on_person_created)
        signals.person_erased.connect(receivers.on_person_erased)
        signals.people_merged.connect(receivers.on_people_merged)
