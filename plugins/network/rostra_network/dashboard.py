"""A candidate's admin home: the national campaigns' signatures gathered
through their own site (credited by this plugin), beside the core's figures.
National staff see each campaign's own figures instead."""

from django.utils.translation import gettext as _
from rostra.dashboard.panels import Figure, add_figures
from rostra.dashboard.weeks import Fortnight

from rostra_network.models import SignatureCredit
from rostra_network.scoping import candidate_sites_of


def homepage_panels(request, panels):
    candidates = candidate_sites_of(request.user)
    if not candidates:
        return
    fortnight = Fortnight.ending_today()
    credits = SignatureCredit.objects.counted().filter(site__in=[c.site_id for c in candidates])
    add_figures(
        panels,
        [
            Figure(
                name="credited_signatures",
                label=_("Signatures through your site"),
                values=fortnight.per_day(credits, "created_at"),
                days=fortnight.days,
                explanation=_(
                    "Confirmed signatures of national campaigns, by people who came "
                    "through your site, by the day they were signed."
                ),
                order=35,
            )
        ],
    )
