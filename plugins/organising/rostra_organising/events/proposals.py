"""Supporter-hosted events: a supporter proposes an event on a site's events
listing (``propose/``), a moderator of that site approves or declines it in the
admin; once approved, the event is published under that listing and the host
gets a signed link (``/_organising/host/<id>/<token>/``) to see their RSVPs,
masked as a candidate's team sees supporters, and to write to the attendees.

The host is a supporter, not an admin user: the link is theirs, sent to the
address they typed (no one else can open it: rostra_organising.links)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rostra_organising.events.models import EventIndexPage, EventKind, EventPage


class EventProposal(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    listing = models.ForeignKey(EventIndexPage, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    # The host, as they typed it (their record changes only by the people API's rules).
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("email"), max_length=254)
    postcode = models.CharField(_("postcode"), max_length=16)
    language = models.CharField(max_length=8, blank=True)
    consent_granted = models.BooleanField(default=False)
    consent_wording = models.TextField(blank=True)
    # The event proposed.
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=EventKind, default=EventKind.MEETING)
    intro = models.TextField(_("description"), max_length=4000)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    online = models.BooleanField(_("online event"), default=False)
    online_url = models.URLField(_("link to join"), blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("street address"), max_length=255, blank=True)
    event_postcode = models.CharField(_("postcode of the event"), max_length=10, blank=True)
    town = models.CharField(_("town"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(_("reason, told to the host"), blank=True, max_length=2000)
    event = models.OneToOneField(
        EventPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )

    class Meta:
        verbose_name = _("proposed event")
        verbose_name_plural = _("proposed events")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.title

    @property
    def host_name(self):
        """As shown on the public page: the first name and an initial."""
        return f"{self.first_name} {self.last_name[:1]}.".strip()
