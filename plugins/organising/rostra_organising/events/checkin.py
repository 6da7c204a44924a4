"""Check-in at the door: a phone-sized page for the event's hosts.

The host searches a name, or scans the QR code of the person's confirmation
email (its link is signed: ``links.CHECKIN``), and marks them present. The
attendance goes on the person's timeline. A host sees the RSVPs of the events
they host only, and their contact details masked as a candidate's team sees
people (shown only where the person consented to that channel).
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from rostra.people import api, masking
from rostra.people.models import TimelineEntry

from rostra_organising.events import links, messages
from rostra_organising.events.models import EventPage, Rsvp
from rostra_organising.events.views import live_rsvp

ATTENDED = gettext_noop("Attended the event “%(event)s”")
SEARCH_RESULTS = 30


def is_host(user, event):
    """The event's hosts, and superusers (who can name hosts anyway)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or event.hosts.filter(pk=user.pk).exists()


def _host_only(request, event):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_host(request.user, event):
        raise PermissionDenied
    return None


def shown(rsvp):
    """What a host sees of one attendee: the name; the email and phone only
    where the person consented to that channel."""
    channels = masking.granted_channels(rsvp.person)
    return {
        "rsvp": rsvp,
        "name": rsvp.name,
        "email": rsvp.email if "email" in channels else masking.MASK,
        "phone": (rsvp.phone if {"phone", "sms"} & channels else masking.MASK)
        if rsvp.phone
        else "",
    }


def mark_present(rsvp, user):
    """Mark the RSVP attended (once) and note it on the person's timeline."""
    with transaction.atomic():
        updated = Rsvp.objects.filter(
            pk=rsvp.pk, attended_at__isnull=True, status=Rsvp.Status.CONFIRMED
        ).update(attended_at=timezone.now(), checked_in_by=user)
        if not updated:
            return False
        rsvp.refresh_from_db()
        api.add_to_timeline(
            rsvp.person,
            kind=TimelineEntry.Kind.NOTE,
            message=ATTENDED,
            params={"event": rsvp.event.title},
            site=rsvp.event.get_site(),
            actor=user,
            data={"event": rsvp.event_id, "rsvp": rsvp.pk, "attended": True},
        )
        messages.tell(rsvp, "attended")
    return True


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def door(request, event_id):
    event = get_object_or_404(EventPage, pk=event_id)
    refused = _host_only(request, event)
    if refused:
        return refused
    marked = None
    if request.method == "POST":
        rsvp = get_object_or_404(Rsvp, pk=request.POST.get("rsvp", 0), event=event)
        mark_present(rsvp, request.user)
        marked = rsvp
    query = " ".join(request.GET.get("q", "").split())[:100]
    attendees = Rsvp.objects.filter(event=event, status=Rsvp.Status.CONFIRMED).select_related(
        "person"
    )
    if query:
        for word in query.split():
            attendees = attendees.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word)
            )
    attendees = attendees.order_by("last_name", "first_name")[:SEARCH_RESULTS]
    confirmed = Rsvp.objects.filter(event=event, status=Rsvp.Status.CONFIRMED)
    return TemplateResponse(
        request,
        "organising/events/door.html",
        {
            "event": event,
            "query": query,
            "attendees": [shown(rsvp) for rsvp in attendees],
            "marked": marked,
            "present": confirmed.filter(attended_at__isnull=False).count(),
            "expected": confirmed.count(),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def scan(request, rsvp_id, token):
    """The QR code's link: a GET shows who it is, the host's tap marks them present."""
    rsvp = live_rsvp(rsvp_id, token, links.CHECKIN)
    event = rsvp.event
    refused = _host_only(request, event)
    if refused:
        return refused
    marked = False
    if request.method == "POST":
        marked = mark_present(rsvp, request.user)
        rsvp.refresh_from_db()
    return TemplateResponse(
        request,
        "organising/events/scan.html",
        {"event": event, "attendee": shown(rsvp), "marked": marked},
    )
