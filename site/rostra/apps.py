from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RostraConfig(AppConfig):
    name = "rostra"
    label = "rostra"
    verbose_name = _("Rostra core")

    def ready(self):
        from rostra import plugins, spreadsheets, themes

        themes.check_default_theme()
        spreadsheets.protect_wagtail_exports()
        for plugin in plugins.installed():
            plugin.check_compatibility()
