from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RostraConfig(AppConfig):
    name = "rostra"
    label = "rostra"
    verbose_name = _("Rostra core")

    def ready(self):
        from rostra import checks, plugins, themes  # noqa: F401 - checks registers itself

        themes.check_default_theme()
        for plugin in plugins.installed():
            plugin.check_compatibility()
