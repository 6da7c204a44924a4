"""Volunteering: the "Je m'engage" page and the offers it collects, shifts
with their places and sign-ups, and the polling-station staffing of election
day (assessors and delegates per polling station).

An offer keeps what the volunteer typed, as an RSVP does: it reaches the
person's record only by the people API's rules. Places on a shift are counted
from the sign-up rows under a lock on the shift's row (shifts.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rostra.pages.models import CampaignPage
from rostra.people import territories
from rostra.plugins import PluginPage
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page


class Task(models.TextChoices):
    DOORS = "doors", _("Door-to-door")
    PHONING = "phoning", _("Phoning")
    LEAFLETS = "leaflets", _("Leafleting")
    SOCIAL = "social", _("Social media")
    ASSESSOR = "assessor", _("Polling-station assessor")
    DELEGATE = "delegate", _("Polling-station delegate")


class Availability(models.TextChoices):
    WEEKDAY_EVENINGS = "evenings", _("Weekday evenings")
    WEEKDAYS = "weekdays", _("Weekdays, in the daytime")
    WEEKENDS = "weekends", _("Weekends")
    ELECTION_DAY = "election_day", _("Election day")


def pack(values):
    """Choices kept in one column as ",a,b,": filtered with ``contains=",a,"``
    on every database."""
    return "," + ",".join(sorted(values)) + "," if values else ""


def unpack(text):
    return [value for value in (text or "").split(",") if value]


class VolunteerPage(PluginPage, RoutablePageMixin, CampaignPage):
    """The "Je m'engage" form, with the site's upcoming shifts to sign up for."""

    intro = models.TextField(_("introduction"), blank=True, max_length=2000)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = []
    template = "organising/volunteering/volunteer_page.html"

    class Meta:
        verbose_name = _("volunteer form")

    def open_shifts(self):
        return Shift.objects.filter(
            site=self.get_site(), cancelled=False, starts_at__gt=timezone.now()
        ).order_by("starts_at", "pk")

    def get_context(self, request, *args, **kwargs):
        from rostra_organising.volunteering.forms import VolunteerForm

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("form", VolunteerForm(shifts=self.open_shifts()))
        return context

    @path("send/")
    def send(self, request):
        from rostra_organising.volunteering import views

        return views.offer(self, request)


class Volunteer(models.Model):
    """One offer to volunteer, as it was typed on a site's form."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    page = models.ForeignKey(
        VolunteerPage, null=True, on_delete=models.SET_NULL, related_name="offers"
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("email"), max_length=254)
    postcode = models.CharField(_("postcode"), max_length=16)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    commune_code = models.CharField(_("commune"), max_length=5, blank=True, db_index=True)
    departement_code = models.CharField(_("département"), max_length=3, blank=True)
    tasks = models.CharField(_("tasks"), max_length=200, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    skills = models.TextField(_("skills"), blank=True, max_length=1000)
    language = models.CharField(max_length=8, blank=True)
    consent_granted = models.BooleanField(_("consent given"), default=False)
    consent_wording = models.TextField(blank=True)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("offered at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def place(self):
        found = territories.lookup(self.postcode)
        self.commune_code = found.commune_code if found else ""
        self.departement_code = found.departement_code if found else ""

    def task_list(self):
        return unpack(self.tasks)

    def availability_list(self):
        return unpack(self.availability)

    def tasks_display(self):
        labels = dict(Task.choices)
        return ", ".join(str(labels.get(value, value)) for value in self.task_list())

    tasks_display.short_description = _("tasks")

    def availability_display(self):
        labels = dict(Availability.choices)
        return ", ".join(str(labels.get(value, value)) for value in self.availability_list())

    availability_display.short_description = _("availability")


class Shift(models.Model):
    """A time on a task at a place, with a number of places to fill."""

    # A row of the site's planning, referring to no content: rostra.E011.
    wagtail_reference_index_ignore = True

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    task = models.CharField(_("task"), max_length=20, choices=Task)
    starts_at = models.DateTimeField(_("starts at"), help_text=_("Paris time."))
    ends_at = models.DateTimeField(_("ends at"), help_text=_("Paris time."))
    meeting_point = models.CharField(_("meeting point"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(_("places"), default=5)
    cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A shift ends after it starts.")})

    def taken(self):
        return self.signups.filter(status=ShiftSignup.Status.CONFIRMED).count()

    def places_left(self):
        return max(0, self.capacity - self.taken())


class ShiftSignup(models.Model):
    """A volunteer's place on a shift."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Signed up")
        CANCELLED = "cancelled", _("Cancelled")

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12, choices=Status, default=Status.CONFIRMED)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("shift sign-up")
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "person"],
                condition=Q(status="confirmed"),
                name="organising_one_live_shift_signup",
            )
        ]

    def __str__(self):
        return f"{self.volunteer} – {self.shift}"


class UploadedPollingStation(models.Model):
    """A polling station from a CSV upload, where no plugin registers a source
    of polling stations (rostra.polling_stations)."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    commune_code = models.CharField(_("commune"), max_length=5, db_index=True)
    number = models.CharField(_("number"), max_length=8)
    name = models.CharField(_("name"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    # A row of the party's register, referring to no content: rostra.E011.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("polling station")
        verbose_name_plural = _("polling stations")
        ordering = ["commune_code", "number"]

    def __str__(self):
        return f"{self.commune_code} {self.number} {self.name}".strip()


class Recruit(models.Model):
    """An assessor or a delegate of the list in one polling station, as the
    prefecture's list names them."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Role(models.TextChoices):
        ASSESSOR = "assessor", _("Assessor")
        DELEGATE = "delegate", _("Delegate")

    class Position(models.TextChoices):
        TITULAIRE = "titulaire", _("Titulaire")
        SUPPLEANT = "suppleant", _("Suppléant")

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    station_code = models.CharField(_("polling station"), max_length=12, db_index=True)
    commune_code = models.CharField(_("commune"), max_length=5, db_index=True)
    role = models.CharField(_("role"), max_length=10, choices=Role)
    position = models.CharField(_("position"), max_length=10, choices=Position)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    volunteer = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_name = models.CharField(_("last name"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_place = models.CharField(_("birth place"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    elector_number = models.CharField(
        _("elector number"),
        max_length=30,
        blank=True,
        help_text=_("The number on the electoral roll (on the voter's card)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("polling-station recruit")
        verbose_name_plural = _("polling-station recruits")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "station_code", "role", "position"],
                name="organising_one_recruit_per_post",
            )
        ]

    def __str__(self):
        return f"{self.last_name} {self.first_name} ({self.get_role_display()})"
