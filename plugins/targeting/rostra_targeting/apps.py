from django.utils.translation import gettext_lazy as _
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

    def ready(self):
        from rostra import polling_stations
        from rostra.people import retention

        from rostra_targeting import electoral_lists, stations

        # The organising plugin staffs these polling stations without importing us.
        polling_stations.register_source("targeting", stations.offered)
        # manage.py apply_retention (daily): electoral lists past their date go.
        retention.register("targeting: electoral lists deleted", electoral_lists.purge)
