"""What the organising plugin exposes to the API (rostra.osdi), read-only and
narrowed to the key's site: its live events as OSDI events, and the RSVPs to
them as OSDI attendances. An online event's link is never given (the page
shows it only to those who RSVP'd). An attendance links to its person, never
their details: the people endpoint decides what the key may read of them; and
a key sees the attendances of the people it may read only (a candidate's key:
their territory's)."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _
from rostra import osdi
from rostra.people.permissions import scoped_people

from rostra_organising.events.models import EventPage, Rsvp

# OSDI's attendance statuses.
OSDI_STATUS = {
    Rsvp.Status.CONFIRMED: "accepted",
    Rsvp.Status.WAITLISTED: "tentative",
    Rsvp.Status.CANCELLED: "declined",
}


def _confirmed():
    rows = (
        Rsvp.objects.filter(event=OuterRef("pk"), status=Rsvp.Status.CONFIRMED)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # A subquery in the select list: counted for the page's rows only.
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class Events(osdi.PageResource):
    name = "events"
    title = _("Events")
    model = EventPage

    def pages(self):
        return super().pages().annotate(total_accepted=_confirmed())

    def describe(self, row):
        event = {
            "name": row.slug,
            "description": row.intro,
            "type": "open",
            "status": "cancelled" if row.cancelled else "confirmed",
            "start_date": osdi.date(row.starts_at),
            "end_date": osdi.date(row.ends_at),
            "capacity": row.capacity,
            "total_accepted": row.total_accepted,
            "rostra:kind": row.kind,
            "rostra:online": row.online,
            "rostra:host_names": row.host_names,
            "rostra:accessibility": row.accessibility,
        }
        if not row.online:
            event["location"] = {
                "venue": row.venue,
                "address_lines": [row.address] if row.address else [],
                "locality": row.town,
                "postal_code": row.postcode,
                "country": "FR",
            }
        return event

    def links(self, row, link):
        return {"osdi:attendances": link("attendances", None, event=row.pk)}


class Attendances(osdi.Resource):
    name = "attendances"
    title = _("Event attendances (RSVPs)")
    created_field = "created_at"
    # The latest of the RSVP's moments (made, promoted, cancelled, checked in).
    modified_field = "modified_at"
    filters = {"event": "event"}

    def queryset(self, site, user):
        made = "created_at"
        return Rsvp.objects.filter(
            event__in=osdi.pages_of(site, EventPage.objects.live()),
            person__in=scoped_people(user),
        ).annotate(
            modified_at=Greatest(
                made,
                Coalesce("promoted_at", made),
                Coalesce("cancelled_at", made),
                Coalesce("attended_at", made),
            )
        )

    def represent(self, row, link):
        return {
            **self.stamp(row),
            "status": OSDI_STATUS[row.status],
            "attended": row.attended_at is not None,
            "rostra:status": row.status,
            "rostra:attended_date": osdi.date(row.attended_at),
        }

    def links(self, row, link):
        return {
            "osdi:event": link("events", row.event_id),
            "osdi:person": link("people", row.person_id),
        }


def resources():
    return [Events(), Attendances()]
