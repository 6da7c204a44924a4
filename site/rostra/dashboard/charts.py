"""Small bar charts of fourteen days, as geometry for an inline SVG drawn in the
template (no script, nothing fetched: the admin's CSP stays as it is)."""

from dataclasses import dataclass

BAR = 10
GAP = 4
HEIGHT = 48


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    value: int
    day: object
    this_week: bool
    shown: str


@dataclass(frozen=True)
class Chart:
    bars: list
    width: int
    height: int
    baseline: int  # where zero is: above it the gains, below it the losses
    divider: int  # between the two weeks


def bars(values, days, *, days_per_week=7, display=str):
    """Bars scaled to the largest magnitude; values below zero hang under the
    baseline (a list that lost more people than it gained that day)."""
    top = max((value for value in values if value > 0), default=0)
    bottom = -min((value for value in values if value < 0), default=0)
    span = (top + bottom) or 1
    baseline = round(HEIGHT * top / span) if top or bottom else HEIGHT
    drawn = []
    for index, (value, day) in enumerate(zip(values, days, strict=True)):
        size = round(abs(value) * HEIGHT / span)
        if value and not size:
            size = 1  # a day with something is never drawn as nothing
        drawn.append(
            Bar(
                x=index * (BAR + GAP),
                y=baseline - size if value >= 0 else baseline,
                height=size,
                value=value,
                day=day,
                this_week=index >= days_per_week,
                shown=display(value),
            )
        )
    return Chart(
        bars=drawn,
        width=len(values) * (BAR + GAP) - GAP,
        height=HEIGHT,
        baseline=baseline,
        divider=days_per_week * (BAR + GAP) - GAP // 2,
    )
