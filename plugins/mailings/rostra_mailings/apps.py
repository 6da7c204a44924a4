from django.utils.translation import gettext_lazy as _
from rostra.plugins import PluginConfig


class MailingsConfig(PluginConfig):
    name = "rostra_mailings"
    label = "mailings"
    verbose_name = _("Mailings")
    description = _(
        "Newsletters to supporters who consented to them, sent once to each, "
        "limited to the sender's territory."
    )
    version = "0.1.0"
    author = "Rostra"
    default = True
    personal_data = [
        "rostra_mailings.personal_data.RecipientRecords",
        "rostra_mailings.personal_data.UndeliverableRecords",
        "rostra_mailings.personal_data.EnrollmentRecords",
        "rostra_mailings.personal_data.RelayedEmailRecords",
        "rostra_mailings.sms.personal_data.SmsRecipientRecords",
    ]
    blueprint = "rostra_mailings.blueprint.MailingsPart"
    urls_module = "rostra_mailings.urls"

    def ready(self):
        from rostra_mailings import automations
        from rostra_mailings.relayed import sending as relayed

        automations.connect()
        relayed.connect()
