"""Volunteering: the "Je m'engage" page and the offers it collects, shifts
with their places and sign-ups, and the polling-station staffing of election
day (assessors and delegates per polling station).

An offer keeps what the volunteer typed, as an RSVP does: it reaches the
person's record only by the people API's rules.
"""

from django.db import models
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

    def get_context(self, request, *args, **kwargs):
        from rostra_organising.volunteering.forms import VolunteerForm

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("form", VolunteerForm())
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
