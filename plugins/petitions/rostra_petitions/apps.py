from django.utils.translation import gettext_lazy as _
from rostra.people.purposes import Purpose
from rostra.plugins import PluginConfig


class PetitionsConfig(PluginConfig):
    name = "rostra_petitions"
    label = "petitions"
    verbose_name = _("Petitions")
    description = _("Petitions with double opt-in signing, live counters and embeds.")
    version = "0.1.0"
    author = "Rostra"
    default = True
    urls_module = "rostra_petitions.urls"
    blueprint = "rostra_petitions.blueprint.PetitionPart"
    personal_data = ["rostra_petitions.personal_data.SignatureRecords"]
    consent_purposes = (Purpose("petition_updates", _("Updates about petitions signed")),)

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from rostra_petitions import abuse, snapshots
        from rostra_petitions.models import AbuseRule, PetitionLimits

        snapshots.connect()
        # manage.py apply_retention (daily) runs the plugin's purge with the core's.
        from rostra.people import retention as people_retention

        from rostra_petitions import retention

        people_retention.register(
            "petitions: never-confirmed signatures deleted",
            lambda now, dry_run: retention.purge_unconfirmed(now=now, dry_run=dry_run)[
                "signatures"
            ],
        )
        for model, forget in (
            (AbuseRule, abuse.forget_rules),
            (PetitionLimits, abuse.forget_limits),
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    # The signing endpoint keeps them under its token too.
                    lambda sender, forget=forget, **kwargs: (forget(), snapshots.changed()),
                    sender=model,
                    weak=False,
                    dispatch_uid=f"petitions-forget-{model.__name__}-{signal}",
                )
