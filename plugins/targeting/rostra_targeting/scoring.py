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

Scores are computed in bulk: one query an election gives each station its
totals and its votes per bloc (nuances joined to the party's bloc table, a
sum per bloc), and plain tuples
carry the figures. The explanation of a row (its parts and their formulas
with the station's figures) is written only when the row is shown or
exported: writing it for every station of France cost more than the scoring.
"""

import gc
from functools import cached_property

from django.db import connection
from django.db.models import Avg
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from rostra_targeting.models import (
    Bloc,
    CandidateResult,
    IndicatorSet,
    IndicatorValue,
    NuanceBloc,
    PollingStation,
    StationResult,
)

KEYS = ("potential", "swing", "closeness", "indicator")


class Part:
    """One score of one station: its value, its formula with the station's
    figures in it, its weight and its normalised value."""

    def __init__(self, key, label, value, formula, weight, normalised=0.0):
        self.key = key  # potential, swing, closeness, indicator
        self.label = label
        self.value = value  # None: no figure for this station
        self.formula = formula
        self.weight = weight
        self.normalised = normalised

    @property
    def contribution(self):
        return self.weight * self.normalised if self.value is not None else 0.0


class Row:
    """One ranked station. ``values`` and ``normalised`` hold its scores by
    key; ``parts`` explains them, written on first use."""

    def __init__(  # noqa: PLR0913 - a station's columns, as the query gives them
        self,
        station_id,
        code,
        commune_code,
        commune_name,
        number,
        name,
        registered=0,
        *,
        total=0.0,
        rank=0,
        context=None,
    ):
        self.station_id = station_id
        self.code = code
        self.commune_code = commune_code
        self.commune_name = commune_name
        self.number = number
        self.name = name
        self.registered = registered
        self.total = total
        self.rank = rank
        self.context = context
        self.figures = None  # (registered, voters, cast, our votes, votes of each bloc)
        self.earlier = None  # our share at the earlier election, if any
        self.values = {}
        self.normalised = {}

    @cached_property
    def parts(self):
        return self.context.explain(self) if self.context else []

    def part(self, key):
        return next((part for part in self.parts if part.key == key), None)


def _percent(value):
    return f"{100 * value:.1f} %"


def _figures(election, stations, *, details=False):
    """One row a station at one election: (station id[, code, commune code,
    commune name, number, name], registered, voters, cast, votes of each
    bloc…), in one query: each candidate's nuance joined to the party's table
    of blocs (a hash join on the nuance), then a sum of the votes per bloc id.
    Returns (bloc codes in the order of the votes, rows)."""
    quote = connection.ops.quote_name
    blocs = list(Bloc.objects.values_list("pk", "code"))
    sums = "".join(
        f", SUM(CASE WHEN nb.bloc_id = {int(pk)} THEN c.votes ELSE 0 END)" for pk, _code in blocs
    )
    columns = "r.station_id"
    join = ""
    if details:
        columns += ", s.code, s.commune_code, s.commune_name, s.number, s.name"
        join = f" JOIN {quote(PollingStation._meta.db_table)} s ON s.id = r.station_id"
    columns += f", r.registered, r.voters, r.{quote('cast')}"
    sql = (
        f"SELECT {columns}{sums} FROM {quote(StationResult._meta.db_table)} r{join} "  # noqa: S608 - quoted table names, integer ids; values are parameters
        f"LEFT JOIN {quote(CandidateResult._meta.db_table)} c ON c.result_id = r.id "
        f"LEFT JOIN {quote(NuanceBloc._meta.db_table)} nb ON nb.nuance = c.nuance "
        "WHERE r.election_id = %s"
    )
    params = [election.pk]
    if stations is not None:
        inner, inner_params = stations.values("pk").query.sql_with_params()
        sql += f" AND r.station_id IN ({inner})"
        params += list(inner_params)
    sql += f" GROUP BY r.id, {columns}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [code for _pk, code in blocs], cursor.fetchall()


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


class _Context:
    """What every row's explanation shares: the strategy and the names."""

    def __init__(self, strategy):
        self.strategy = strategy
        self.codes = []  # the blocs' codes, in the order of a row's votes
        self.bloc = strategy.bloc.code
        self.bloc_name = strategy.bloc.name
        self.bloc_names = dict(Bloc.objects.values_list("code", "name"))
        self.indicator = strategy.indicator if strategy.indicator_id else None
        self.weights = {
            "potential": strategy.weight_potential,
            "swing": strategy.weight_swing,
            "closeness": strategy.weight_closeness,
            "indicator": strategy.weight_indicator,
        }

    def part(self, row, key, label, formula):
        return Part(
            key,
            label,
            row.values.get(key),
            formula,
            self.weights[key],
            row.normalised.get(key, 0.0),
        )

    def explain(self, row):
        strategy = self.strategy
        registered, voters, cast, ours, votes = row.figures
        leader_votes = max(votes, default=0)
        leader = self.codes[votes.index(leader_votes)] if leader_votes else ""
        share = ours / cast if cast else 0.0
        abstention = (registered - voters) / registered if registered else 0.0
        parts = [
            self.part(
                row,
                "potential",
                _("Mobilisation potential"),
                _(
                    "%(registered)s registered × %(abstention)s abstention × %(share)s "
                    "for %(bloc)s = %(value).0f voters"
                )
                % {
                    "registered": registered,
                    "abstention": _percent(abstention),
                    "share": _percent(share),
                    "bloc": self.bloc_name,
                    "value": row.values["potential"],
                },
            )
        ]
        if strategy.swing_from:
            if row.earlier is None:
                formula = _("no result at %(election)s") % {"election": strategy.swing_from}
            else:
                formula = _(
                    "%(now)s at %(reference)s − %(before)s at %(earlier)s = %(swing)+.1f points"
                ) % {
                    "now": _percent(share),
                    "reference": strategy.reference,
                    "before": _percent(row.earlier),
                    "earlier": strategy.swing_from,
                    "swing": row.values["swing"],
                }
            parts.append(self.part(row, "swing", _("Swing"), formula))
        lead_share = leader_votes / cast if cast else 0.0
        parts.append(
            self.part(
                row,
                "closeness",
                _("Closeness to the lead"),
                _("first bloc %(leader)s %(lead)s − %(bloc)s %(share)s = %(gap).1f points")
                % {
                    "leader": self.bloc_names.get(leader, "—"),
                    "lead": _percent(lead_share),
                    "bloc": self.bloc_name,
                    "share": _percent(share),
                    "gap": row.values["closeness"],
                },
            )
        )
        if self.indicator is not None:
            value = row.values.get("indicator")
            column = self.indicator
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
            parts.append(self.part(row, "indicator", str(column), formula))
        return parts


def rank(strategy, stations):
    """The stations (a queryset, already narrowed to the user) ranked by the
    strategy: a list of Row, first the highest total.

    The cyclic garbage collector is paused meanwhile: a row a station of
    France is tens of thousands of new objects, and every collection would
    walk them all again (none of them forms a cycle to collect)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _rank(strategy, stations)
    finally:
        if enabled:
            gc.enable()


def _rank(strategy, stations):
    context = _Context(strategy)
    codes, reference = _figures(strategy.reference, stations, details=True)
    context.codes = codes
    ours_at = codes.index(context.bloc) if context.bloc in codes else None
    earlier = {}
    if strategy.swing_from:
        for station, _registered, _voters, cast, *votes in _figures(strategy.swing_from, stations)[
            1
        ]:
            earlier[station] = (
                (votes[ours_at] if ours_at is not None else 0) / cast if cast else 0.0
            )
    swing = bool(strategy.swing_from)
    rows = []
    for (
        station,
        code,
        commune,
        commune_name,
        number,
        name,
        registered,
        voters,
        cast,
        *votes,
    ) in reference:
        ours = votes[ours_at] if ours_at is not None else 0
        lead = max(votes, default=0)
        share = ours / cast if cast else 0.0
        row = Row(station, code, commune, commune_name, number, name, registered, context=context)
        row.figures = (registered, voters, cast, ours, votes)
        values = row.values
        values["potential"] = (registered - voters) * share if registered else 0.0
        if swing and station in earlier:
            row.earlier = earlier[station]
            values["swing"] = 100 * (share - row.earlier)
        values["closeness"] = 100 * max(0.0, (lead / cast if cast else 0.0) - share)
        rows.append(row)
    if context.indicator is not None:
        found = indicator_values(context.indicator, {row.commune_code for row in rows})
        for row in rows:
            if row.commune_code in found:
                row.values["indicator"] = found[row.commune_code]
    _normalise(rows)
    weights = context.weights
    for row in rows:
        row.total = sum(weights[key] * value for key, value in row.normalised.items())
    rows.sort(key=lambda row: (-row.total, row.code))
    for position, row in enumerate(rows, start=1):
        row.rank = position
    return rows


def _normalise(rows):
    """Each score from 0 (lowest) to 1 (highest); for closeness, a small gap is 1."""
    for key in KEYS:
        values = [row.values[key] for row in rows if key in row.values]
        if not values:
            continue
        low, high = min(values), max(values)
        spread = high - low
        for row in rows:
            value = row.values.get(key)
            if value is None:
                continue
            position = (value - low) / spread if spread else 1.0
            row.normalised[key] = 1.0 - position if key == "closeness" and spread else position
