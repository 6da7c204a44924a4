"""The petitions' figures on the admin home: confirmed signatures per day and
the petitions that gathered most, for the petitions the user may manage
(a candidate's team: their own site's)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from rostra.dashboard.panels import Figure, RankingPanel, Row, add_figures, ranked
from rostra.dashboard.weeks import Fortnight

from rostra_petitions.admin.access import petitions_for
from rostra_petitions.models import Signature


def confirmed_signatures(user):
    # Counted on the day they were signed, as on each petition's chart.
    return Signature.objects.filter(
        petition__in=petitions_for(user).values("pk"), state=Signature.State.VALIDATED
    )


def signatures_figure(signatures, fortnight):
    return Figure(
        name="signatures",
        label=_("Signatures"),
        values=fortnight.per_day(signatures, "created_at"),
        days=fortnight.days,
        explanation=_("Confirmed signatures, online and on paper, by the day they were signed."),
        url=reverse("petitions_admin:index"),
        order=30,
    )


def top_petitions(signatures, fortnight):
    rows = list(
        signatures.filter(created_at__gte=fortnight.start)
        .values_list("petition_id", "petition__title", "created_at")
        .order_by()
    )
    titles = {petition_id: title for petition_id, title, _signed in rows}
    counts = fortnight.per_week((petition_id, signed) for petition_id, _title, signed in rows)
    return RankingPanel(
        "petitions-top",
        _("Top petitions"),
        [
            Row(
                label=titles[petition_id],
                this_week=counts[petition_id][0],
                last_week=counts[petition_id][1],
                url=reverse("petitions_admin:petition", args=[petition_id]),
            )
            for petition_id in ranked(counts, limit=5)
        ],
        item_label=_("Petition"),
        order=40,
    )


def homepage_panels(request, panels):
    user = request.user
    if not (user.is_superuser or petitions_for(user).exists()):
        return
    fortnight = Fortnight.ending_today()
    signatures = confirmed_signatures(user)
    add_figures(panels, [signatures_figure(signatures, fortnight)])
    panels.append(top_petitions(signatures, fortnight))
