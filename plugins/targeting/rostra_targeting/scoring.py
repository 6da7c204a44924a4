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

Scores are computed by the database, in one query: one scan of the
candidates of both elections gives each station its totals and its votes per
bloc (nuances joined to the party's bloc table, a sum per bloc), then each
score, its normalised value (MIN and MAX over the whole result, window
functions), the weighted total and the order. Python only wraps each row it
reads back. The explanation of a row (its parts and their formulas with the
station's figures) is written only when the row is shown or exported.
"""

# ruff: noqa: S608 - the ranking query is built from quoted table names, integer
# ids and fixed expressions; every value from a user is a parameter.

import gc
from functools import cached_property

from django.db import connection, transaction
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
    """One ranked station. ``scores`` holds its figures and scores as the
    ranking query gives them (voters, cast, our votes, the first bloc's votes
    and its index, our share at the earlier election, the four scores, their
    normalised values); ``values`` and ``normalised`` read them by key, and
    ``parts`` explains them, each on first use."""

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
        scores=None,
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
        self.scores = scores

    @cached_property
    def values(self):
        """key → the station's score; a score without a figure is left out."""
        found = self.scores[6:10] if self.scores else ()
        return {key: value for key, value in zip(KEYS, found, strict=False) if value is not None}

    @cached_property
    def normalised(self):
        found = self.scores[10:14] if self.scores else ()
        return {key: value for key, value in zip(KEYS, found, strict=False) if value is not None}

    @property
    def earlier(self):
        """Our share at the earlier election (None: no result there)."""
        return self.scores[5] if self.scores else None

    @cached_property
    def parts(self):
        return self.context.explain(self) if self.context else []

    def part(self, key):
        return next((part for part in self.parts if part.key == key), None)


def _percent(value):
    return f"{100 * value:.1f} %"


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
        registered = row.registered
        voters, cast, ours, leader_votes, leader = row.scores[:5]
        leader = self.codes[leader] if leader is not None else ""
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


def _results(elections, blocs, stations):
    """The CTE ``results``: one row a station and election of ``elections``
    (one scan of the candidates for both), its totals and the votes of each
    bloc in ``blocs`` (v0, v1…): each candidate's nuance joined to the
    party's table of blocs, a sum a bloc id, grouped on integer keys."""
    quote = connection.ops.quote_name
    sums = "".join(
        f", SUM(CASE WHEN nb.bloc_id = {int(pk)} THEN c.votes ELSE 0 END) AS v{n}"
        for n, pk in enumerate(blocs)
    )
    sql = (
        "results AS (SELECT r.election_id, r.station_id, r.registered, r.voters, "
        f"r.{quote('cast')} AS cast_{sums} FROM {quote(StationResult._meta.db_table)} r "
        f"LEFT JOIN {quote(CandidateResult._meta.db_table)} c ON c.result_id = r.id "
        f"LEFT JOIN {quote(NuanceBloc._meta.db_table)} nb ON nb.nuance = c.nuance "
        f"WHERE r.election_id IN ({', '.join(['%s'] * len(elections))})"
    )
    params = [election.pk for election in elections]
    if stations is not None:
        inner, inner_params = stations.order_by().values("pk").query.sql_with_params()
        sql += f" AND r.station_id IN ({inner})"
        params += list(inner_params)
    sql += (
        f" GROUP BY r.id, r.election_id, r.station_id, r.registered, r.voters, r.{quote('cast')})"
    )
    return sql, params


def _indicator(column):
    """A subquery: commune code → the indicator's value (the mean of the
    commune's IRIS for an IRIS table)."""
    table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    if column.indicators.level == IndicatorSet.Level.COMMUNE:
        return f"SELECT code, value FROM {table} WHERE column_id = %s", [column.pk]
    return (
        f"SELECT SUBSTR(code, 1, 5) AS code, AVG(value) AS value FROM {table} "
        "WHERE column_id = %s GROUP BY SUBSTR(code, 1, 5)",
        [column.pk],
    )


def _normalised(key, *, reverse=False):
    """SQL: the score from 0 (lowest) to 1 (highest) over the stations ranked
    (MIN and MAX over the whole result); NULL where the station has none;
    ``reverse``: the lowest is 1 (closeness: a small gap)."""
    low, high = f"MIN({key}) OVER ()", f"MAX({key}) OVER ()"
    position = f"({key} - {low}) / ({high} - {low})"
    return (
        f"CASE WHEN {key} IS NULL THEN NULL WHEN {high} > {low} "
        f"THEN {'1.0 - ' if reverse else ''}{position} ELSE 1.0 END"
    )


def _scores_sql(strategy, context, stations):
    """One query: each station's figures, its scores, their normalised values
    (window MIN/MAX) and the weighted total, ordered by the total."""
    quote = connection.ops.quote_name
    blocs = list(Bloc.objects.values_list("pk", "code"))
    context.codes = [code for _pk, code in blocs]
    ours = next((f"ref.v{n}" for n, (pk, _code) in enumerate(blocs) if pk == strategy.bloc_id), "0")
    votes = [f"ref.v{n}" for n in range(len(blocs))]
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    lead = f"{greatest}({', '.join(votes)})" if len(votes) > 1 else (votes[0] if votes else "0")
    leader = (
        "CASE WHEN f.lead = 0 THEN NULL "
        + "".join(f"WHEN f.v{n} = f.lead THEN {n} " for n in range(len(blocs)))
        + "END"
        if blocs
        else "NULL"
    )
    double = "DOUBLE PRECISION"
    elections = [strategy.reference] + ([strategy.swing_from] if strategy.swing_from else [])
    sql, params = _results(elections, [pk for pk, _code in blocs], stations)
    ctes = [
        sql,
        f"ref AS (SELECT * FROM results WHERE election_id = {int(strategy.reference.pk)})",
    ]
    none = f"CAST(NULL AS {double})"  # typed: PostgreSQL computes with it
    earlier_join, earlier_share = "", none
    if strategy.swing_from:
        ctes.append(
            f"earlier AS (SELECT * FROM results WHERE election_id = {int(strategy.swing_from.pk)})"
        )
        earlier_join = " LEFT JOIN earlier e ON e.station_id = ref.station_id"
        earlier_share = (
            "CASE WHEN e.station_id IS NULL THEN NULL WHEN e.cast_ > 0 "
            f"THEN CAST({ours.replace('ref.', 'e.')} AS {double}) / e.cast_ ELSE 0.0 END"
        )
    indicator_join, indicator = "", none
    if context.indicator is not None:
        sql, more = _indicator(context.indicator)
        indicator_join = f" LEFT JOIN ({sql}) i ON i.code = s.commune_code"
        indicator = "i.value"
        params += more
    ctes.append(
        "figures AS (SELECT ref.station_id, ref.registered, ref.voters, ref.cast_, "
        f"{ours} AS ours, {lead} AS lead, "
        + "".join(f"{vote}, " for vote in votes)
        + f"CASE WHEN ref.cast_ > 0 THEN CAST({ours} AS {double}) / ref.cast_ ELSE 0.0 END "
        "AS share, "
        f"{earlier_share} AS earlier FROM ref{earlier_join})"
    )
    ctes.append(
        "scores AS (SELECT f.*, "
        f"{leader} AS leader, "
        "CASE WHEN f.registered > 0 THEN (f.registered - f.voters) * f.share ELSE 0.0 END "
        "AS potential, "
        "CASE WHEN f.earlier IS NULL THEN NULL ELSE 100 * (f.share - f.earlier) END AS swing, "
        f"CASE WHEN f.cast_ > 0 AND CAST(f.lead AS {double}) / f.cast_ > f.share "
        f"THEN 100 * (CAST(f.lead AS {double}) / f.cast_ - f.share) ELSE 0.0 END AS closeness, "
        f"{indicator} AS indicator, s.code, s.commune_code, s.commune_name, s.number, s.name "
        f"FROM figures f JOIN {quote(PollingStation._meta.db_table)} s ON s.id = f.station_id"
        f"{indicator_join})"
    )
    ctes.append(
        "normalised AS (SELECT scores.*, "
        f"{_normalised('potential')} AS n_potential, {_normalised('swing')} AS n_swing, "
        f"{_normalised('closeness', reverse=True)} AS n_closeness, "
        f"{_normalised('indicator')} AS n_indicator FROM scores)"
    )
    weights = context.weights
    total = " + ".join(f"%s * COALESCE(n_{key}, 0.0)" for key in KEYS)
    params += [float(weights[key]) for key in KEYS]
    return (
        (
            "WITH "
            + ", ".join(ctes)
            + " SELECT station_id, code, commune_code, commune_name, number, name, registered, "
            "voters, cast_, ours, lead, leader, earlier, potential, swing, closeness, indicator, "
            f"n_potential, n_swing, n_closeness, n_indicator, {total} AS total "
            "FROM normalised ORDER BY total DESC, code"
        ),
        params,
    )


def rank(strategy, stations):
    """The stations (a queryset, already narrowed to the user) ranked by the
    strategy: a list of Row, first the highest total.

    One query computes the scores, normalises them and orders the stations;
    Python only wraps each row. The cyclic garbage collector is paused
    meanwhile: a row a station of France is tens of thousands of new objects,
    and every collection would walk them all again (none of them forms a
    cycle to collect)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _rank(strategy, stations)
    finally:
        if enabled:
            gc.enable()


def _rank(strategy, stations):
    context = _Context(strategy)
    sql, params = _scores_sql(strategy, context, stations)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A few MB of groups: hashed in memory rather than spilled to disk,
            # and no JIT compilation for a query this short.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    return [
        Row(*line[:7], total=line[21], rank=position, context=context, scores=line[7:21])
        for position, line in enumerate(fetched, start=1)
    ]
