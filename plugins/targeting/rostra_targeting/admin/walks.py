"""Admin: walk lists of a strategy's top stations, printed as one PDF (each
print logged on the electoral list it comes from). Where no electoral list
the user may use covers a station, its walk list comes from INSEE's register
of addresses (no names: the scores' permission is enough)."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rostra_targeting import canvassing, electoral_lists, scoring, walk_pdf
from rostra_targeting.admin.access import can_see_scores, require
from rostra_targeting.admin.lists import can_use_lists
from rostra_targeting.models import ListAccess, Strategy, WalkList
from rostra_targeting.scope import in_territory, stations_for


class TopForm(forms.Form):
    top = forms.IntegerField(
        label=gettext_lazy("Top stations"), min_value=1, max_value=500, initial=10
    )


def _pdf(walk_lists, user, filename):
    for electoral_list in {w.electoral_list for w in walk_lists if w.electoral_list_id}:
        stations = [w.station_code for w in walk_lists if w.electoral_list_id == electoral_list.pk]
        electoral_lists.log(electoral_list, user, ListAccess.Action.WALK, ", ".join(stations))
    response = HttpResponse(walk_pdf.render(walk_lists), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def make(request, pk):
    require(can_see_scores, request)
    strategy = get_object_or_404(Strategy, pk=pk)
    form = TopForm(request.POST)
    if not form.is_valid():
        return redirect("targeting_admin:ranking", pk)
    rows = scoring.rank(strategy, stations_for(request.user))
    made = canvassing.make_walk_lists(
        strategy,
        rows,
        canvassing.lists_for(request.user),
        request.user,
        form.cleaned_data["top"],
        canvassing.register_for(request.user),
    )
    made = list(
        WalkList.objects.filter(pk__in=[w.pk for w in made]).select_related("electoral_list")
    )
    if not made:
        messages.warning(
            request,
            _("No electoral list or register of addresses covers these stations."),
        )
        return redirect("targeting_admin:ranking", pk)
    return _pdf(made, request.user, f"walk-lists-{strategy.pk}.pdf")


@require_POST
def station_pdf(request, pk, code):
    """The walk list of the station whose explanation the user is reading."""
    require(can_see_scores, request)
    strategy = get_object_or_404(Strategy, pk=pk)
    row = next(
        (r for r in scoring.rank(strategy, stations_for(request.user)) if r.code == code), None
    )
    if row is None:
        raise Http404
    made = canvassing.make_walk_lists(
        strategy,
        [row],
        canvassing.lists_for(request.user),
        request.user,
        1,
        canvassing.register_for(request.user),
    )
    if not made:
        messages.warning(
            request,
            _("No electoral list or register of addresses covers this station."),
        )
        return redirect("targeting_admin:station", pk, code)
    walk_list = WalkList.objects.select_related("electoral_list").get(pk=made[0].pk)
    return _pdf([walk_list], request.user, f"walk-list-{walk_list.station_code}.pdf")


def walk_list_pdf(request, pk):
    require(lambda user: can_see_scores(user) or can_use_lists(user), request)
    walk_list = get_object_or_404(
        in_territory(request.user, WalkList.objects.select_related("electoral_list")), pk=pk
    )
    if not walk_list.from_register:
        require(can_use_lists, request)
    return _pdf([walk_list], request.user, f"walk-list-{walk_list.station_code}.pdf")
