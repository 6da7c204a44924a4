from django.utils.translation import gettext_lazy as _
from rostra.people.purposes import Purpose
from rostra.plugins import PluginConfig


class TargetingConfig(PluginConfig):
    name = "rostra_targeting"
    label = "targeting"
    verbose_name = _("Targeting")
    description = _(
        "Priority polling stations from past results and INSEE data, with every score explained."
    )
    version = "0.1.0"
    author = "Rostra"
    default = True
    urls_module = "rostra_targeting.urls"
    # Someone met at the door who gives their email and agrees to news.
    consent_purposes = (
        Purpose("canvassing_news", _("News of the campaign, asked for at the door")),
    )

    def ready(self):
        from rostra import polling_stations
        from rostra.people import retention

        from rostra_targeting import electoral_lists, stations

        # The organising plugin staffs these polling stations without importing us.
        polling_stations.register_source("targeting", stations.offered)
        # manage.py apply_retention (daily): electoral lists past their date go.
        retention.register("targeting: electoral lists deleted", electoral_lists.purge)
