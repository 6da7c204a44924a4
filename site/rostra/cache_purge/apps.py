from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CachePurgeConfig(AppConfig):
    name = "rostra.cache_purge"
    label = "cache_purge"
    verbose_name = _("Page cache purge")

    def ready(self):
        from rostra.cache_purge import signal_handlers

        signal_handlers.connect()
