from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSettingsConfig(AppConfig):
    name = "rostra.sitesettings"
    label = "sitesettings"
    verbose_name = _("Site settings")

    def ready(self):
        from rostra.sitesettings import signal_handlers

        signal_handlers.connect()
