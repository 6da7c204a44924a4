"""Finding events: the listing page of a site, its filters, its iCal feed and
its embed for other sites.

"Near a postcode" places the postcode with the core's lookup and keeps the
events of its département, those of its commune first. (The vendored
geography holds no commune centres, so no distance is computed: see
docs/organising.md.)
"""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rostra.people import territories

from rostra_organising.events.models import EventKind, EventPage

PER_PAGE = 30


class EventFilters(forms.Form):
    postcode = forms.CharField(label=_("Near the postcode"), max_length=10, required=False)
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All types")), *EventKind.choices], required=False
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

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
    """(events, the place of the postcode or None) for a bound, valid form."""
    events = upcoming(site_root)
    data = filters.cleaned_data if filters.is_valid() else {}
    place = data.get("postcode")
    if data.get("kind"):
        events = events.filter(kind=data["kind"])
    if data.get("start"):
        events = events.filter(ends_at__date__gte=data["start"])
    if data.get("end"):
        events = events.filter(starts_at__date__lte=data["end"])
    if place is not None:
        events = events.filter(departement_code=place.departement_code).annotate(
            here=Case(
                When(commune_code=place.commune_code or "-", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        events = events.order_by("here", "starts_at", "pk")
    return events[:PER_PAGE], place


def _root(page):
    site = page.get_site()
    return site.root_page if site else page


def listing(page, request):
    filters = EventFilters(request.GET or None)
    events, place = (
        filtered(_root(page), filters)
        if filters.is_bound
        else (
            upcoming(_root(page))[:PER_PAGE],
            None,
        )
    )
    return page.render(
        request, context_overrides={"filters": filters, "events": events, "place": place}
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
