from django.utils.translation import gettext_lazy as _
from rostra.people.purposes import Purpose
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
    blueprint = "rostra_donations.blueprint.DonationPart"
    personal_data = [
        "rostra_donations.personal_data.DonationRecords",
        "rostra_donations.personal_data.RecurringGiftRecords",
    ]
    # Six years, like the gift records themselves (a default: verify it).
    consent_purposes = (
        Purpose(
            "donation_receipts",
            _("Acknowledgements and receipts of gifts"),
            retention_months=72,
        ),
    )

    def ready(self):
        from rostra_donations import checks, pdf, signal_handlers  # noqa: F401 - checks registers itself

        signal_handlers.connect()
        pdf.quiet_font_notices()
