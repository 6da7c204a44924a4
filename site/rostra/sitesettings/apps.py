from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSettingsConfig(AppConfig):
    name = "rostra.sitesettings"
    label = "sitesettings"
    verbose_name = _("Site settings")

    def ready(self):
        from rostra import plugins
        from rostra.sitesettings import signal_handlers
        from rostra.sitesettings.models import PluginSettings

        signal_handlers.connect()
        plugins.read_switches_with(PluginSettings.chosen_for)
