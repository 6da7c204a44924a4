"""The events a user hosts: the admin's list, with the way to the door."""

from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone

from rostra_organising.events.models import EventPage


def hosted_events(user):
    """Events the user hosts (superusers: every event), not over for a day."""
    events = EventPage.objects.filter(ends_at__gte=timezone.now() - timezone.timedelta(days=1))
    if not user.is_superuser:
        events = events.filter(hosts=user)
    return events


def hosted(request):
    events = (
        hosted_events(request.user)
        .annotate(
            confirmed=Count("rsvps", filter=Q(rsvps__status="confirmed")),
            waitlisted=Count("rsvps", filter=Q(rsvps__status="waitlisted")),
            present=Count("rsvps", filter=Q(rsvps__attended_at__isnull=False)),
        )
        .order_by("starts_at")
    )
    return TemplateResponse(request, "organising/admin/hosted.html", {"events": events})
