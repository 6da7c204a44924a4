"""The admin home's panels: one grid of figures, shared by the core and every
plugin (``add_figures``), and tables of what ranks first (``RankingPanel``)."""

from dataclasses import dataclass
from decimal import Decimal

from django.forms import Media
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from rostra.dashboard import charts
from rostra.dashboard.weeks import DAYS

MEDIA = Media(css={"all": ["rostra/admin/dashboard.css"]})


def format_number(value):
    return number_format(value, decimal_pos=0, force_grouping=True)


def format_money(cents):
    decimals = 2 if cents % 100 else 0
    return number_format(Decimal(cents) / 100, decimal_pos=decimals, force_grouping=True) + "\xa0€"


@dataclass
class Figure:
    """One figure: fourteen daily values, oldest first (``per_day`` makes them)."""

    name: str  # what tests and the page's data-figure attribute know it by
    label: str
    values: list
    days: list
    money: bool = False
    net: bool = False  # gains less losses: shown with their sign
    explanation: str = ""
    url: str = ""
    total: int | None = None  # a standing figure beside the week's (the list's size)
    total_label: str = ""
    order: int = 100

    @property
    def this_week(self):
        return sum(self.values[DAYS:])

    @property
    def last_week(self):
        return sum(self.values[:DAYS])

    @property
    def change(self):
        return self.this_week - self.last_week

    def shown(self, value):
        return format_money(value) if self.money else format_number(value)

    def signed(self, value):
        shown = self.shown(abs(value))
        return f"+{shown}" if value > 0 else (f"−{shown}" if value < 0 else shown)

    @property
    def this_week_display(self):
        return self.signed(self.this_week) if self.net else self.shown(self.this_week)

    @property
    def last_week_display(self):
        return self.signed(self.last_week) if self.net else self.shown(self.last_week)

    @property
    def change_display(self):
        return self.signed(self.change)

    @property
    def total_display(self):
        return None if self.total is None else format_number(self.total)

    @property
    def chart(self):
        display = self.signed if self.net else self.shown
        return charts.bars(self.values, self.days, days_per_week=DAYS, display=display)


class FiguresPanel(Component):
    name = "rostra_figures"
    order = 10

    def __init__(self, scope=""):
        self.scope = scope
        self.figures = []

    @property
    def media(self):
        return MEDIA

    def render_html(self, parent_context=None):
        figures = sorted(self.figures, key=lambda figure: figure.order)
        return render_to_string(
            "rostra/dashboard/figures_panel.html", {"figures": figures, "scope": self.scope}
        )


def add_figures(panels, figures, *, scope=""):
    """Add figures to the home's single grid (made by the first caller): the
    core's hook and each plugin's call it in any order."""
    grid = next((panel for panel in panels if isinstance(panel, FiguresPanel)), None)
    if grid is None:
        grid = FiguresPanel(scope)
        panels.append(grid)
    grid.scope = grid.scope or scope
    grid.figures.extend(figures)
    return grid


@dataclass
class Row:
    label: str
    this_week: int
    last_week: int
    detail: str = ""
    url: str = ""

    @property
    def this_week_display(self):
        return format_number(self.this_week)

    @property
    def last_week_display(self):
        return format_number(self.last_week)


class RankingPanel(Component):
    """A table of what ranks first this week (source codes, petitions)."""

    def __init__(self, name, heading, rows, *, item_label, empty="", order=20):
        self.name = name
        self.heading = heading
        self.rows = rows
        self.item_label = item_label
        self.empty = empty or _("Nothing in the last 14 days.")
        self.order = order

    @property
    def media(self):
        return MEDIA

    def render_html(self, parent_context=None):
        return render_to_string("rostra/dashboard/ranking_panel.html", {"panel": self})


def ranked(counts, *, limit=8):
    """``{key: (this_week, last_week)}`` → keys by this week's, then last week's, count."""
    return sorted(counts, key=lambda key: (-counts[key][0], -counts[key][1], str(key)))[:limit]
