"""An event page and the RSVPs to it.

An event is a Wagtail page (on the national site or any candidate site): in
person, at an address the core's territory lookup places in a commune and a
département, or online, behind a link shown only to those who RSVP'd. Seats
are counted from the RSVP rows, under a lock on the event's row (seats.py):
never a counter that could drift.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from rostra.pages.models import CampaignPage
from rostra.people import distances, territories
from rostra.plugins import PluginPage
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

PARIS = "Europe/Paris"


class EventKind(models.TextChoices):
    MEETING = "meeting", _("Public meeting")
    DOORS = "doors", _("Door-to-door")
    PHONING = "phoning", _("Phoning")
    LEAFLETS = "leaflets", _("Leafleting")
    TRAINING = "training", _("Training")
    SOCIAL = "social", _("Get-together")
    OTHER = "other", _("Other")


class EventPage(PluginPage, RoutablePageMixin, CampaignPage):
    kind = models.CharField(_("type"), max_length=20, choices=EventKind, default=EventKind.MEETING)
    intro = models.TextField(_("description"), blank=True, max_length=4000)
    starts_at = models.DateTimeField(_("starts at"), help_text=_("Paris time."))
    ends_at = models.DateTimeField(_("ends at"), help_text=_("Paris time."))
    online = models.BooleanField(
        _("online event"), default=False, help_text=_("Held online instead of at an address.")
    )
    online_url = models.URLField(
        _("link to join"),
        blank=True,
        help_text=_("Shown only to people who RSVP'd, never on the public page."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("street address"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    town = models.CharField(_("town"), max_length=120, blank=True)
    # Filled from the postcode and town by the core's lookup (save()).
    commune_code = models.CharField(max_length=5, blank=True, editable=False, db_index=True)
    departement_code = models.CharField(max_length=3, blank=True, editable=False, db_index=True)
    # The centre of that commune (the vendored geography), for "near a
    # postcode": an indexed box first in SQL, then the distance (listing.py).
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    waitlist = models.BooleanField(
        _("waitlist when full"),
        default=True,
        help_text=_("Once the seats are taken, people may still RSVP and move up when one frees."),
    )
    hosts = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("hosts"),
        help_text=_("They check people in at the door and see the RSVPs."),
    )
    host_names = models.CharField(_("hosted by (shown on the page)"), max_length=200, blank=True)
    group = models.ForeignKey(
        "organising.GroupPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("local group"),
        help_text=_("The local group holding it: the event is shown on the group's page."),
    )
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        max_length=2000,
        help_text=_("Step-free access, hearing loop, sign language, nearest accessible transport…"),
    )
    cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("Publishing with this ticked tells everyone who RSVP'd."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel(
            [
                FieldPanel("online"),
                FieldPanel("online_url"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("town")]),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [FieldPanel("capacity"), FieldPanel("waitlist")],
            heading=_("Seats"),
        ),
        FieldPanel("host_names"),
        FieldPanel("hosts"),
        FieldPanel("group"),
        FieldPanel("accessibility"),
        FieldPanel("cancelled"),
    ]
    subpage_types = []
    template = "organising/events/event_page.html"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["latitude", "longitude"], name="organising_event_centre")]

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("An event ends after it starts.")})
        if self.online and not self.online_url:
            raise ValidationError({"online_url": _("An online event needs its link.")})
        if not self.online:
            if not self.postcode:
                raise ValidationError({"postcode": _("An event in person needs its postcode.")})
            if territories.lookup(self.postcode, self.town) is None:
                raise ValidationError(
                    {"postcode": _("This postcode and town cannot be placed in France.")}
                )

    def save(self, *args, **kwargs):
        self.place()
        return super().save(*args, **kwargs)

    def place(self):
        """Commune, département and the commune's centre from the postcode and
        town (the core's lookup)."""
        found = None if self.online else territories.lookup(self.postcode, self.town)
        self.commune_code = found.commune_code if found else ""
        self.departement_code = found.departement_code if found else ""
        self.latitude, self.longitude = distances.centre_of(found) or (None, None)

    @property
    def is_past(self):
        return self.ends_at <= timezone.now()

    @property
    def accepts_rsvps(self):
        return not self.cancelled and not self.is_past

    def seats_left(self):
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.rsvps.filter(status=Rsvp.Status.CONFIRMED).count())

    def get_context(self, request, *args, **kwargs):
        from rostra_organising.events.forms import RsvpForm

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("form", RsvpForm())
        context["seats_left"] = self.seats_left()
        return context

    @path("rsvp/")
    def rsvp(self, request):
        from rostra_organising.events import views

        return views.rsvp(self, request)


class EventIndexPage(PluginPage, RoutablePageMixin, CampaignPage):
    """A site's events: the listing with its filters, the site's iCal feed
    (``feed/``), an embed for other sites (``embed/``) and a map of France
    by département (``map/``)."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    template = "organising/events/event_index_page.html"

    class Meta:
        verbose_name = _("events listing")

    @path("")
    def listing(self, request):
        from rostra_organising.events import listing

        return listing.listing(self, request)

    @path("propose/")
    def propose(self, request):
        from rostra_organising.events import proposing

        return proposing.propose(self, request)

    @path("feed/")
    def feed(self, request):
        from rostra_organising.events import listing

        return listing.feed(self, request)

    @path("embed/")
    def embed(self, request):
        from rostra_organising.events import listing

        return listing.embed(self, request)

    @path("map/")
    def map(self, request):
        from rostra_organising.events import listing

        return listing.departement_map(self, request)


class Rsvp(models.Model):
    """One person's RSVP. What they typed stays here: it reaches the person's
    record only by the people API's rules (never rewrites a known person)."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = (Status.CONFIRMED, Status.WAITLISTED)

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="rsvps")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12, choices=Status, db_index=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("email"), max_length=254)
    postcode = models.CharField(_("postcode"), max_length=16)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(max_length=8, blank=True)
    consent_granted = models.BooleanField(default=False)
    consent_wording = models.TextField(blank=True)
    # When the emailed link proved the address (details and consent then recorded).
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            # One live RSVP per person and event (a cancelled one may be followed by another).
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(status__in=["confirmed", "waitlisted"]),
                name="organising_one_live_rsvp",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.get_status_display()})"

    @property
    def name(self):
        return f"{self.first_name} {self.last_name}".strip()


class EventTold(models.Model):
    """What the people who RSVP'd were last told of an event (its practical
    details' fingerprint): kept apart from the page, whose revisions would
    bring an old value back on publishing."""

    event = models.OneToOneField(
        EventPage, on_delete=models.CASCADE, primary_key=True, related_name="told"
    )
    fingerprint = models.CharField(max_length=64)
    cancelled = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.event_id}: {self.fingerprint[:12]}"
