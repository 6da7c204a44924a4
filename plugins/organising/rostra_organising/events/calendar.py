"""The event as a calendar entry (.ics, RFC 5545, with the ``icalendar``
package) and the check-in QR code (``segno``, drawn here: no service)."""

import io

import segno
from icalendar import Calendar, Event

from rostra_organising.events import links


def _where(event):
    if event.online:
        return ""
    return ", ".join(
        part for part in (event.venue, event.address, event.postcode, event.town) if part
    )


def ics(event, *, rsvp=None, method="PUBLISH"):
    """One event as an .ics file (bytes); with ``rsvp``, its online link if any."""
    calendar = Calendar()
    calendar.add("prodid", "-//Rostra//organising//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add_component(entry(event, rsvp=rsvp))
    return calendar.to_ical()


def entry(event, *, rsvp=None):
    site = event.get_site()
    host = site.hostname if site else "rostra"
    item = Event()
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("summary", event.title)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("dtstamp", event.last_published_at or event.starts_at)
    item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    description = event.intro
    if event.online and rsvp is not None and rsvp.status == rsvp.Status.CONFIRMED:
        item.add("location", event.online_url)
        description = f"{description}\n\n{event.online_url}".strip()
    elif _where(event):
        item.add("location", _where(event))
    if description:
        item.add("description", description)
    url = event.get_full_url()
    if url:
        item.add("url", url)
    return item


def feed(events, name):
    calendar = Calendar()
    calendar.add("prodid", "-//Rostra//organising//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(entry(event))
    return calendar.to_ical()


def qr_png(rsvp):
    """The QR code of the RSVP's check-in link, as a PNG."""
    out = io.BytesIO()
    segno.make(links.checkin_url(rsvp), error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


def qr_svg(rsvp):
    out = io.BytesIO()
    segno.make(links.checkin_url(rsvp), error="m").save(
        out, kind="svg", scale=6, border=2, xmldecl=False, svgns=True
    )
    return out.getvalue().decode()
