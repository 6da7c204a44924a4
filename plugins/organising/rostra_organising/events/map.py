"""The map of a site's events to come: France by département, drawn by the
core (rostra.people.departement_map) as SVG on the server, each département
shaded by its number of events and a link to the listing filtered to it, with
a table of the same figures as its text alternative (and for the overseas
départements, which the drawing leaves out). No tile, nothing fetched."""

from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rostra.people import departement_map, territories


def counts(events):
    """{département code: number of events} of in-person events."""
    return dict(
        events.exclude(departement_code="")
        .order_by()
        .values_list("departement_code")
        .annotate(number=Count("pk"))
        .values_list("departement_code", "number")
    )


def _describe(code, name, number):
    return ngettext(
        "%(name)s (%(code)s): %(number)s event",
        "%(name)s (%(code)s): %(number)s events",
        number,
    ) % {"name": name, "code": code, "number": number}


def view(page, request, events):
    figures = counts(events)
    listing = page.url

    def href(code):
        return f"{listing}?departement={code}" if figures.get(code) else None

    drawn = departement_map.drawn_codes()
    rows = [
        {
            "code": code,
            "name": territories.departement_name(code),
            "number": number,
            "href": href(code),
            "drawn": code in drawn,
        }
        for code, number in sorted(figures.items())
    ]
    svg = departement_map.draw(
        figures, label=_("Map of the events by département"), href=href, describe=_describe
    )
    return TemplateResponse(
        request,
        "organising/events/map.html",
        {
            "page": page,
            "self": page,
            "map": svg,
            "rows": rows,
            "total": sum(figures.values()),
            "overseas": [row for row in rows if not row["drawn"]],
        },
    )
