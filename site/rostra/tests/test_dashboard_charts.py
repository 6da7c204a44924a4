"""The home's small charts: fourteen bars scaled to the largest day, losses
hanging under the zero line, a day with something never drawn as nothing."""

import datetime

from rostra.dashboard import charts

DAYS = [datetime.date(2026, 12, 1) + datetime.timedelta(days=n) for n in range(14)]


def test_bars_are_scaled_to_the_busiest_day_and_split_by_week():
    values = [0] * 13 + [48]
    values[0] = 1
    chart = charts.bars(values, DAYS)
    assert [bar.height for bar in chart.bars] == [1] + [0] * 12 + [48]
    assert chart.baseline == charts.HEIGHT
    assert [bar.this_week for bar in chart.bars] == [False] * 7 + [True] * 7
    assert chart.bars[-1].y == 0 and chart.bars[0].y == charts.HEIGHT - 1


def test_losses_hang_under_the_zero_line():
    values = [3] + [0] * 12 + [-1]
    chart = charts.bars(values, DAYS, display=lambda value: f"{value:+d}")
    assert chart.baseline == 36  # three parts gain above, one part loss below
    gain, loss = chart.bars[0], chart.bars[-1]
    assert (gain.y, gain.height) == (0, 36)
    assert (loss.y, loss.height) == (36, 12)
    assert loss.shown == "-1"


def test_a_fortnight_of_nothing_is_a_flat_line():
    chart = charts.bars([0] * 14, DAYS)
    assert {bar.height for bar in chart.bars} == {0}
    assert chart.baseline == charts.HEIGHT
