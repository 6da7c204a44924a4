"""Money raised, on the admin home: gifts paid per day on the sites the user
is treasurer of (a candidate's team: their own site's, when they are)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from rostra.dashboard.panels import Figure, add_figures
from rostra.dashboard.weeks import Fortnight

from rostra_donations import treasury
from rostra_donations.models import Donation, DonationStatus

# Money held: paid, or paid and contested by the donor's bank (not yet lost).
RAISED = (DonationStatus.PAID, DonationStatus.DISPUTED)


def raised(user):
    return Donation.objects.filter(site__in=treasury.sites_for(user), status__in=RAISED)


def money_figure(gifts, fortnight):
    return Figure(
        name="money",
        label=_("Money raised"),
        values=fortnight.per_day(gifts, "paid_at", total="amount"),
        days=fortnight.days,
        money=True,
        explanation=_("Gifts and dues paid, by the day of payment; refunded gifts are left out."),
        url=reverse("donations_admin:ledger")
        + "?"
        + urlencode({"from": fortnight.this_week_start.isoformat()}),
        order=40,
    )


def homepage_panels(request, panels):
    if not treasury.is_treasurer(request.user):
        return
    add_figures(panels, [money_figure(raised(request.user), Fortnight.ending_today())])
