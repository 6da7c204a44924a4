"""The method, in the open: each polling station's scores, with the formula
and the figures behind each one.

- Mobilisation potential = registered × abstention × our bloc's share of the
  votes cast, at the reference election: the abstainers of a station where our
  bloc does well are the voters most worth waking up.
- Swing = our share at the reference election − our share at the earlier one
  (in points): where we are gaining, or losing.
- Closeness to the lead = the first bloc's share − ours (in points; 0 where we
  lead): a small gap is a station within reach.
- An INSEE indicator of the station's commune (the mean of its IRIS for an
  IRIS table).

Each score is normalised over the stations ranked (the lowest 0, the highest
1; for closeness the smallest gap is 1), multiplied by its weight, and the
products are added: that sum ranks the stations.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from rostra_targeting import blocs as bloc_table
from rostra_targeting.models import (
    Bloc,
    CandidateResult,
    IndicatorSet,
    IndicatorValue,
    StationResult,
)


@dataclass
class Part:
    key: str  # potential, swing, closeness, indicator
    label: str
    value: float | None  # None: no figure for this station
    formula: str  # the formula with this station's figures in it
    weight: float
    normalised: float = 0.0

    @property
    def contribution(self):
        return self.weight * self.normalised if self.value is not None else 0.0


@dataclass
class Row:
    station_id: int
    code: str
    commune_code: str
    commune_name: str
    number: str
    name: str
    registered: int
    parts: list = field(default_factory=list)
    total: float = 0.0
    rank: int = 0

    def part(self, key):
        return next((part for part in self.parts if part.key == key), None)


def _percent(value):
    return f"{100 * value:.1f} %"


def election_figures(election, stations=None, mapping=None):
    """station id → (registered, voters, cast, {bloc: votes}) at one election."""
    results = StationResult.objects.filter(election=election)
    candidates = CandidateResult.objects.filter(result__election=election)
    if stations is not None:
        results = results.filter(station__in=stations)
        candidates = candidates.filter(result__station__in=stations)
    figures = {
        station: (registered, voters, cast, {})
        for station, registered, voters, cast in results.values_list(
            "station_id", "registered", "voters", "cast"
        )
    }
    grouped = (
        candidates.annotate(bloc=bloc_table.bloc_of_nuance(mapping))
        .values_list("result__station_id", "bloc")
        .annotate(votes=Sum("votes"))
    )
    for station, bloc, votes in grouped:
        if station in figures:
            figures[station][3][bloc] = votes
    return figures


def _share(figures, bloc):
    registered, voters, cast, votes = figures
    return votes.get(bloc, 0) / cast if cast else 0.0


def indicator_values(column, commune_codes):
    """commune code → the indicator's value (mean of the commune's IRIS)."""
    values = IndicatorValue.objects.filter(column=column)
    if column.indicators.level == IndicatorSet.Level.COMMUNE:
        return dict(values.filter(code__in=commune_codes).values_list("code", "value"))
    return dict(
        values.annotate(commune=Substr("code", 1, 5))
        .filter(commune__in=commune_codes)
        .values_list("commune")
        .annotate(mean=Avg("value"))
        .values_list("commune", "mean")
    )


def rank(strategy, stations, *, progress_by_station=None):
    """The stations (a queryset, already narrowed to the user) ranked by the
    strategy: a list of Row, first the highest total."""
    mapping = bloc_table.table()
    bloc = strategy.bloc.code
    bloc_name = strategy.bloc.name
    bloc_names = dict(Bloc.objects.values_list("code", "name"))
    reference = election_figures(strategy.reference, stations, mapping)
    earlier = (
        election_figures(strategy.swing_from, stations, mapping) if strategy.swing_from else {}
    )
    rows = []
    details = stations.filter(pk__in=list(reference)).values_list(
        "pk", "code", "commune_code", "commune_name", "number", "name"
    )
    for pk, code, commune_code, commune_name, number, name in details:
        figures = reference[pk]
        registered, voters, cast, votes = figures
        share = _share(figures, bloc)
        abstention = (registered - voters) / registered if registered else 0.0
        row = Row(pk, code, commune_code, commune_name, number, name, registered)
        potential = registered * abstention * share
        row.parts.append(
            Part(
                "potential",
                _("Mobilisation potential"),
                potential,
                _(
                    "%(registered)s registered × %(abstention)s abstention × %(share)s "
                    "for %(bloc)s = %(value).0f voters"
                )
                % {
                    "registered": registered,
                    "abstention": _percent(abstention),
                    "share": _percent(share),
                    "bloc": bloc_name,
                    "value": potential,
                },
                strategy.weight_potential,
            )
        )
        if strategy.swing_from:
            before = earlier.get(pk)
            if before is None:
                row.parts.append(
                    Part(
                        "swing",
                        _("Swing"),
                        None,
                        _("no result at %(election)s") % {"election": strategy.swing_from},
                        strategy.weight_swing,
                    )
                )
            else:
                swing = share - _share(before, bloc)
                row.parts.append(
                    Part(
                        "swing",
                        _("Swing"),
                        100 * swing,
                        _(
                            "%(now)s at %(reference)s − %(before)s at %(earlier)s "
                            "= %(swing)+.1f points"
                        )
                        % {
                            "now": _percent(share),
                            "reference": strategy.reference,
                            "before": _percent(_share(before, bloc)),
                            "earlier": strategy.swing_from,
                            "swing": 100 * swing,
                        },
                        strategy.weight_swing,
                    )
                )
        leader, leader_votes = max(
            ((name, count) for name, count in votes.items() if name),
            key=lambda item: item[1],
            default=("", 0),
        )
        lead_share = leader_votes / cast if cast else 0.0
        gap = max(0.0, lead_share - share)
        row.parts.append(
            Part(
                "closeness",
                _("Closeness to the lead"),
                100 * gap,
                _("first bloc %(leader)s %(lead)s − %(bloc)s %(share)s = %(gap).1f points")
                % {
                    "leader": bloc_names.get(leader, "—"),
                    "lead": _percent(lead_share),
                    "bloc": bloc_name,
                    "share": _percent(share),
                    "gap": 100 * gap,
                },
                strategy.weight_closeness,
            )
        )
        rows.append(row)
    if strategy.indicator_id:
        _add_indicator(strategy, rows)
    _normalise(rows)
    for row in rows:
        row.total = sum(part.contribution for part in row.parts)
    rows.sort(key=lambda row: (-row.total, row.code))
    for position, row in enumerate(rows, start=1):
        row.rank = position
    return rows


def _add_indicator(strategy, rows):
    column = strategy.indicator
    values = indicator_values(column, {row.commune_code for row in rows})
    for row in rows:
        value = values.get(row.commune_code)
        formula = (
            _("%(column)s of %(commune)s = %(value)s")
            % {
                "column": column.name,
                "commune": row.commune_name or row.commune_code,
                "value": f"{value:g}",
            }
            if value is not None
            else _("no value of %(column)s for %(commune)s")
            % {"column": column.name, "commune": row.commune_code}
        )
        row.parts.append(Part("indicator", str(column), value, formula, strategy.weight_indicator))


def _normalise(rows):
    """Each score from 0 (lowest) to 1 (highest); for closeness, a small gap is 1."""
    keys = {part.key for row in rows for part in row.parts}
    for key in keys:
        parts = [row.part(key) for row in rows]
        values = [part.value for part in parts if part and part.value is not None]
        if not values:
            continue
        low, high = min(values), max(values)
        for part in parts:
            if part is None or part.value is None:
                continue
            position = (part.value - low) / (high - low) if high > low else 1.0
            part.normalised = 1.0 - position if key == "closeness" and high > low else position
