"""The scores, computed by hand from the fixture's figures, and their explanations."""

import io

import pytest

from rostra_targeting import official_files, scoring
from rostra_targeting.models import Bloc, IndicatorColumn, IndicatorSet, PollingStation, Strategy
from rostra_targeting.results import importer
from rostra_targeting.tests.conftest import figures


def load(election, data):
    reading = importer.read(io.BytesIO(data))
    assert reading.errors == []
    importer.store(election, reading)


@pytest.fixture
def both(election, election_2024):
    load(election, official_files.write_legacy(figures()))
    load(election_2024, official_files.write_numbered(figures(shift=5)))
    return election, election_2024


def _strategy(reference, **weights):
    return Strategy.objects.create(
        name="Gauche 2024", bloc=Bloc.objects.get(code="gauche"), reference=reference, **weights
    )


def test_mobilisation_potential_is_registered_times_abstention_times_share(both):
    strategy = _strategy(both[1])
    rows = {row.code: row for row in scoring.rank(strategy, PollingStation.objects.all())}
    part = rows["69383_0101"].part("potential")
    # 2024: FI 255 of 595 cast; 1000 registered, 600 voters.
    assert part.value == pytest.approx(1000 * 0.4 * 255 / 595)
    assert part.formula == "1000 registered × 40.0 % abstention × 42.9 % for Gauche = 171 voters"
    # DVG counts for the left in Les Abymes: 175 of 275, 420 abstainers.
    assert rows["97101_0003"].part("potential").value == pytest.approx(420 * 175 / 275)
    assert rows["01004_0001"].part("potential").value == 0  # no left candidate
    assert [row.code for row in scoring.rank(strategy, PollingStation.objects.all())][0] == (
        "97101_0003"
    )


def test_swing_and_closeness_to_the_lead(both):
    strategy = _strategy(both[1], swing_from=both[0], weight_potential=0, weight_swing=1)
    rows = {row.code: row for row in scoring.rank(strategy, PollingStation.objects.all())}
    swing = rows["69383_0101"].part("swing")
    assert swing.value == pytest.approx(100 * (255 / 595 - 250 / 595))
    assert "42.9 % at Legislative 2024, round 1 − 42.0 % at Legislative 2022, round 1" in (
        swing.formula
    )
    # 2022, station 0102: the centre leads with 150 of 395, the left has 100.
    strategy = _strategy_2022 = Strategy.objects.create(
        name="2022", bloc=strategy.bloc, reference=both[0], weight_closeness=1
    )
    rows = {row.code: row for row in scoring.rank(_strategy_2022, PollingStation.objects.all())}
    closeness = rows["69383_0102"].part("closeness")
    assert closeness.value == pytest.approx(100 * (150 - 100) / 395)
    assert closeness.formula.startswith("first bloc Centre 38.0 % − Gauche 25.3 %")
    assert rows["69383_0101"].part("closeness").value == 0  # the left leads


def test_the_total_is_the_weighted_sum_of_normalised_scores(both):
    strategy = _strategy(both[1], swing_from=both[0], weight_potential=2, weight_closeness=1)
    rows = scoring.rank(strategy, PollingStation.objects.all())
    # Ranking writes no explanation: a row's parts are written when it is shown.
    assert not any("parts" in vars(row) for row in rows)
    for row in rows:
        expected = 2 * row.part("potential").normalised + row.part("closeness").normalised
        assert row.total == pytest.approx(expected)
    assert [row.rank for row in rows] == [1, 2, 3, 4]
    assert rows[0].total >= rows[1].total >= rows[2].total >= rows[3].total
    potentials = [row.part("potential").normalised for row in rows]
    assert min(potentials) == 0 and max(potentials) == 1


def test_an_indicator_of_the_commune_or_the_mean_of_its_iris(both):
    by_iris = IndicatorSet.objects.create(name="Filosofi", level=IndicatorSet.Level.IRIS)
    income = IndicatorColumn.objects.create(indicators=by_iris, name="DEC_MED")
    for code, value in (("693830101", 18000), ("693830102", 22000), ("010040000", 25000)):
        income.values.create(code=code, value=value)
    strategy = _strategy(both[1], weight_potential=0, indicator=income, weight_indicator=-1)
    rows = {row.code: row for row in scoring.rank(strategy, PollingStation.objects.all())}
    assert rows["69383_0101"].part("indicator").value == 20000
    assert (
        rows["69383_0101"].part("indicator").formula == "DEC_MED of Lyon 3e Arrondissement = 20000"
    )
    assert rows["01004_0001"].total == pytest.approx(-1)  # richest: last with a negative weight
    assert rows["97101_0003"].part("indicator").value is None
    assert rows["97101_0003"].total == 0


def test_a_nuance_moved_to_another_bloc_changes_the_scores(both):
    from rostra_targeting.models import NuanceBloc

    strategy = _strategy(both[1])
    NuanceBloc.objects.filter(nuance="DVG").update(bloc=Bloc.objects.get(code="divers"))
    rows = {row.code: row for row in scoring.rank(strategy, PollingStation.objects.all())}
    assert rows["97101_0003"].part("potential").value == 0
