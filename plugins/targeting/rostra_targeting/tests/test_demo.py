"""The demo's targeting: two elections imported from files in the official
layouts, a strategy that ranks, walk lists; loading twice changes nothing."""

from types import SimpleNamespace

from rostra_targeting import canvassing, demo, scoring
from rostra_targeting.models import (
    CandidateResult,
    DoorVisit,
    Election,
    PollingStation,
    Strategy,
    Voter,
    WalkList,
)


def _load():
    messages = []
    demo.load(SimpleNamespace(say=messages.append))
    return messages


def test_the_demo_loads_two_elections_a_strategy_and_walk_lists(db):
    _load()
    assert PollingStation.objects.count() == 38
    assert set(Election.objects.values_list("year", flat=True)) == {2022, 2024, 2027}
    strategy = Strategy.objects.get()
    rows = scoring.rank(strategy, PollingStation.objects.all())
    assert len(rows) == 38 and rows[0].part("swing").value is not None
    assert WalkList.objects.count() == 5
    assert set(WalkList.objects.values_list("station_code", flat=True)) <= {
        row.code for row in rows if row.commune_code == "69123"
    }
    # A canvassing session on the three best-ranked walk lists, by the demo canvasser.
    visited = set(DoorVisit.objects.values_list("station_code", flat=True))
    top = list(WalkList.objects.order_by("rank").values_list("station_code", flat=True)[:3])
    assert visited == set(top)
    assert set(DoorVisit.objects.values_list("canvasser__username", flat=True)) == {"porte-a-porte"}
    progress = canvassing.progress_by_station(top)
    for code in top:
        assert 0 < progress[code].knocked < progress[code].addresses
        assert 0 < progress[code].contacts <= progress[code].knocked
    assert len(canvassing.totals()) >= 4  # several outcomes, not one repeated
    count = lambda: (  # noqa: E731
        CandidateResult.objects.count(),
        Voter.objects.count(),
        WalkList.objects.count(),
        DoorVisit.objects.count(),
    )
    before = count()
    _load()
    assert count() == before
