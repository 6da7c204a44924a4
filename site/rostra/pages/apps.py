from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "rostra.pages"
    label = "pages"
    verbose_name = _("Campaign pages")

    def ready(self):
        from rostra.pages import signal_handlers

        signal_handlers.connect()
