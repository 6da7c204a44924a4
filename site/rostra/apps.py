from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RostraConfig(AppConfig):
    name = "rostra"
    label = "rostra"
    verbose_name = _("Rostra core")

    def ready(self):
        # Importing these registers their system checks.
        from rostra import checks, deploy_checks, personal_data, plugins, spreadsheets, themes  # noqa: F401

        themes.check_default_theme()
        spreadsheets.protect_wagtail_exports()
        for plugin in plugins.installed():
            plugin.check_compatibility()
