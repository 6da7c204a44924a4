from django.utils.translation import gettext_lazy as _
from rostra.plugins import PluginConfig


class PetitionsConfig(PluginConfig):
    name = "rostra_petitions"
    label = "petitions"
    verbose_name = _("Petitions")
    description = _("Petitions with double opt-in signing, live counters and embeds.")
    version = "0.1.0"
    author = "Rostra"
    default = True
