from django.utils.translation import gettext_lazy as _
from rostra.plugins import PluginConfig


class NetworkConfig(PluginConfig):
    name = "rostra_network"
    label = "network"
    verbose_name = _("Candidate network")
    description = _("Candidate sites built from the party's blueprint, each seeing only its own.")
    version = "0.1.0"
    author = "Rostra"
    default = True

    def ready(self):
        from rostra_network import scoping, signal_handlers

        signal_handlers.connect()
        scoping.limit_page_listing_filters()
