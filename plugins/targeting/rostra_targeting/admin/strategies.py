"""Admin: strategies (Wagtail viewset), their ranked table with each row's
why, one station's explanation, the export, and the INSEE indicators import."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rostra import spreadsheets
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet

from rostra_targeting import canvassing, indicators, map_svg, scoring
from rostra_targeting.admin import walks
from rostra_targeting.admin.access import can_see_scores, require
from rostra_targeting.forms import IndicatorsForm, StrategyForm
from rostra_targeting.models import IndicatorSet, Strategy
from rostra_targeting.scope import stations_for

SHOWN = 200  # rows on the page; the export has them all


class StrategyViewSet(ModelViewSet):
    model = Strategy
    icon = "list-ol"
    menu_label = gettext_lazy("Strategies")
    add_to_admin_menu = False
    list_display = [
        TitleColumn("name", label=gettext_lazy("Strategy"), url_name="targeting_admin:ranking"),
        "bloc",
        "reference",
        "swing_from",
    ]

    def get_form_class(self, for_update=False):
        return StrategyForm


def _ranked(request, pk):
    require(can_see_scores, request)
    strategy = get_object_or_404(
        Strategy.objects.select_related("bloc", "reference", "swing_from", "indicator__indicators"),
        pk=pk,
    )
    return strategy, scoring.rank(strategy, stations_for(request.user))


ORDERS = {"score": gettext_lazy("score"), "to_do": gettext_lazy("addresses still to do")}


def by_what_is_left(rows):
    """The rows with the most addresses still to knock first (stations without
    a walk list last), the score's order among equals. Ranks stay the score's."""
    return sorted(
        rows,
        key=lambda row: (
            row.progress is None,
            -(row.progress.to_do if row.progress else 0),
            row.rank,
        ),
    )


def ranking(request, pk):
    strategy, rows = _ranked(request, pk)
    codes = [row.code for row in rows]
    progress = canvassing.progress_by_station(codes)
    for row in rows:
        row.progress = progress.get(row.code)
    order = request.GET.get("order") if request.GET.get("order") in ORDERS else "score"
    if order == "to_do":
        rows = by_what_is_left(rows)
    return TemplateResponse(
        request,
        "targeting/admin/ranking.html",
        {
            "strategy": strategy,
            "rows": rows[:SHOWN],
            "order": order,
            "orders": ORDERS.items(),
            "canvassers": sorted(canvassing.progress_by_canvasser(codes).items()),
            "top_form": walks.TopForm(),
            "count": len(rows),
            "map": map_svg.draw(rows),
            "title": strategy.name,
            "formats": ("csv", "xlsx"),
        },
    )


def station(request, pk, code):
    strategy, rows = _ranked(request, pk)
    row = next((row for row in rows if row.code == code), None)
    if row is None:
        raise Http404
    return TemplateResponse(
        request,
        "targeting/admin/station.html",
        {
            "strategy": strategy,
            "row": row,
            "count": len(rows),
            "title": row.code,
        },
    )


def export(request, pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    strategy, rows = _ranked(request, pk)
    keys = ["potential", "swing", "closeness", "indicator"]
    header = [_("Rank"), _("Polling station"), _("Commune"), _("Name"), _("Registered")]
    header += [_("Score")]
    for key in keys:
        header += [f"{key}", f"{key} ({_('formula')})", f"{key} ({_('normalised')})"]
    lines = []
    for row in rows:
        line = [row.rank, row.code, row.commune_name, row.name, row.registered, round(row.total, 4)]
        for key in keys:
            part = row.part(key)
            line += (
                [part.value, part.formula, round(part.normalised, 4)] if part else [None, "", None]
            )
        lines.append(line)
    content = spreadsheets.write(header, lines, fmt, bom=fmt == "csv", title=strategy.name)
    response = HttpResponse(content, content_type=spreadsheets.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="strategy-{strategy.pk}.{fmt}"'
    return response


def indicators_upload(request):
    require(lambda user: user.has_perm("targeting.add_indicatorset"), request)
    form = IndicatorsForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reading = indicators.read(
            data["file"].open("rb"), data["code_column"], data["columns"], data["level"]
        )
        errors = reading.errors
        if not errors:
            indicators.store(data["name"], data["level"], reading)
            messages.success(request, _("Indicators imported: %(name)s") % {"name": data["name"]})
            return redirect(reverse("targeting_admin:indicators"))
    return TemplateResponse(
        request,
        "targeting/admin/indicators.html",
        {
            "form": form,
            "errors": errors[:200],
            "sets": IndicatorSet.objects.prefetch_related("columns"),
            "title": _("INSEE indicators"),
        },
    )
