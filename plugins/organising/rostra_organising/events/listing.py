"""Finding events: the listing page of a site, its filters, its iCal feed and
its embed for other sites.

"Near a postcode" places the postcode with the core's lookup and keeps the
events whose commune's centre is within the chosen radius of the postcode's
commune's centre (rostra.people.distances), nearest first, each with its
distance. An event stores its centre (EventPage.place()), so SQL first keeps
the box around the circle through an index, and only those few rows are
measured in Python. A postcode whose commune has no centre in the vendored
geography (a few overseas collectivities) falls back to its département.
"""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rostra.people import distances, territories

from rostra_organising.events.models import EventKind, EventPage

PER_PAGE = 30
RADII = (5, 10, 25, 50)
DEFAULT_RADIUS = 25


class FrenchNamesSelect(forms.Select):
    """Départements by their French names, marked so (a screen reader reads
    "Bouches-du-Rhône" in French on the English page too)."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        if option["value"]:
            option["attrs"]["lang"] = "fr"
        return option


class EventFilters(forms.Form):
    postcode = forms.CharField(label=_("Near the postcode"), max_length=10, required=False)
    radius = forms.TypedChoiceField(
        label=_("Within"),
        choices=[(km, _("%(km)s km") % {"km": km}) for km in RADII],
        coerce=int,
        empty_value=DEFAULT_RADIUS,
        initial=DEFAULT_RADIUS,
        required=False,
    )
    departement = forms.ChoiceField(
        label=_("Département"), required=False, widget=FrenchNamesSelect
    )
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All types")), *EventKind.choices], required=False
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [
            ("", _("All départements")),
            *((code, f"{code} – {name}") for code, name in territories.departements()),
        ]

    def clean_postcode(self):
        value = territories.normalise_postcode(self.cleaned_data.get("postcode") or "")
        if not value:
            return None
        place = territories.lookup(value)
        if place is None:
            raise forms.ValidationError(gettext("This postcode does not exist in France."))
        return place

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", gettext("The end date comes after the start date."))
        return data


def upcoming(site_root):
    """The live events of a site still to come (or under way), soonest first."""
    return (
        EventPage.objects.live()
        .descendant_of(site_root)
        .filter(ends_at__gte=timezone.now(), cancelled=False)
        .order_by("starts_at", "pk")
    )


def filtered(site_root, filters):
    """(events, the place of the postcode or None, the radius in km or None
    when the département stood in for it) for a bound form."""
    events = upcoming(site_root)
    data = filters.cleaned_data if filters.is_valid() else {}
    place = data.get("postcode")
    if data.get("departement"):
        events = events.filter(departement_code=data["departement"])
    if data.get("kind"):
        events = events.filter(kind=data["kind"])
    if data.get("start"):
        events = events.filter(ends_at__date__gte=data["start"])
    if data.get("end"):
        events = events.filter(starts_at__date__lte=data["end"])
    if place is None:
        return events[:PER_PAGE], None, None
    here = distances.centre_of(place)
    if here is None:
        return _in_departement(events, place), place, None
    radius = data.get("radius") or DEFAULT_RADIUS
    return nearest(events, here, radius), place, radius


def nearest(events, here, radius):
    """The first PER_PAGE events within ``radius`` km of ``here``, nearest
    first (then soonest), each with ``distance_km``."""
    south, north, west, east = distances.box(here, radius)
    rows = (
        events.filter(latitude__range=(south, north), longitude__range=(west, east))
        .order_by()  # sorted below, by distance
        .values_list("pk", "latitude", "longitude", "starts_at")
    )
    measured = []
    for pk, latitude, longitude, starts_at in rows:
        away = distances.km(here, (latitude, longitude))
        if away <= radius:
            measured.append((away, starts_at, pk))
    measured.sort()
    kept = {pk: away for away, _starts, pk in measured[:PER_PAGE]}
    found = {event.pk: event for event in EventPage.objects.filter(pk__in=kept)}
    ordered = []
    for pk, away in kept.items():
        event = found[pk]
        event.distance_km = away
        ordered.append(event)
    return ordered


def _in_departement(events, place):
    """No centre for the postcode: its département's events, its commune's first."""
    return (
        events.filter(departement_code=place.departement_code)
        .annotate(
            here=Case(
                When(commune_code=place.commune_code or "-", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("here", "starts_at", "pk")[:PER_PAGE]
    )


def _root(page):
    site = page.get_site()
    return site.root_page if site else page


def listing(page, request):
    filters = EventFilters(request.GET or None)
    events, place, radius = (
        filtered(_root(page), filters)
        if filters.is_bound
        else (upcoming(_root(page))[:PER_PAGE], None, None)
    )
    return page.render(
        request,
        context_overrides={
            "filters": filters,
            "events": events,
            "place": place,
            "radius": radius,
        },
    )


def feed(page, request):
    from django.http import HttpResponse

    from rostra_organising.events import calendar

    body = calendar.feed(upcoming(_root(page))[:500], page.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


def embed(page, request):
    from django.conf import settings
    from django.template.response import TemplateResponse

    response = TemplateResponse(
        request,
        "organising/events/embed.html",
        {"page": page, "events": upcoming(_root(page))[:10]},
    )
    # This view alone may be framed, by any site; the rest of the policy stays.
    response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}
    response.xframe_options_exempt = True
    return response


def departement_map(page, request):
    from rostra_organising.events import map as events_map

    return events_map.view(page, request, upcoming(_root(page)))
