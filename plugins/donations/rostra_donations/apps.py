from django.utils.translation import gettext_lazy as _
from rostra.plugins import PluginConfig


class DonationsConfig(PluginConfig):
    name = "rostra_donations"
    label = "donations"
    verbose_name = _("Donations")
    description = _("One-off and monthly gifts within French political-finance law.")
    version = "0.1.0"
    author = "Rostra"
    default = True
    urls_module = "rostra_donations.urls"

    def ready(self):
        from rostra_donations import pdf, signal_handlers

        signal_handlers.connect()
        pdf.quiet_font_notices()
