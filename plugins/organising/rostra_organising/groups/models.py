"""A local action group: a page (on the national site or a candidate site)
with its organisers (admin users), its members (people) and its own events
(an EventPage names its group).

A member's row keeps what they typed on the join form: it reaches the person's
record only by the people API's rules (the emailed link proves the address,
as for an RSVP)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from rostra.pages.models import CampaignPage
from rostra.people import territories
from rostra.plugins import PluginPage
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page


class GroupPage(PluginPage, RoutablePageMixin, CampaignPage):
    intro = models.TextField(_("description"), blank=True, max_length=4000)
    postcode = models.CharField(
        _("postcode"), max_length=10, blank=True, help_text=_("Where the group acts.")
    )
    town = models.CharField(_("town"), max_length=120, blank=True)
    # Filled from the postcode and town by the core's lookup (save()).
    commune_code = models.CharField(max_length=5, blank=True, editable=False, db_index=True)
    departement_code = models.CharField(max_length=3, blank=True, editable=False, db_index=True)
    organisers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organised_groups",
        verbose_name=_("organisers"),
        help_text=_("They see the group's members (masked) and can write to them."),
    )
    organiser_names = models.CharField(
        _("organised by (shown on the page)"), max_length=200, blank=True
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("postcode"), FieldPanel("town")]),
        FieldPanel("organiser_names"),
        FieldPanel("organisers"),
    ]
    subpage_types = ["organising.EventPage"]
    template = "organising/groups/group_page.html"

    class Meta:
        verbose_name = _("local group")
        verbose_name_plural = _("local groups")

    def save(self, *args, **kwargs):
        found = territories.lookup(self.postcode, self.town) if self.postcode else None
        self.commune_code = found.commune_code if found else ""
        self.departement_code = found.departement_code if found else ""
        return super().save(*args, **kwargs)

    def upcoming_events(self):
        from rostra_organising.events.models import EventPage

        # Named as the group's, or made below its page.
        own = Q(group=self) | Q(path__startswith=self.path, depth=self.depth + 1)
        return (
            EventPage.objects.live().filter(own, ends_at__gte=timezone.now()).order_by("starts_at")
        )

    def members_count(self):
        return self.memberships.filter(left_at__isnull=True).count()

    def get_context(self, request, *args, **kwargs):
        from rostra_organising.groups.forms import CONSENT_WORDING, JoinForm

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("form", JoinForm())
        context["events"] = self.upcoming_events()[:20]
        user = request.user
        # Signed in with an address: one click (the page is then not shared by the cache).
        context["one_click"] = bool(user.is_authenticated and user.email)
        context["consent_wording"] = CONSENT_WORDING
        return context

    @path("join/")
    def join(self, request):
        from rostra_organising.groups import views

        return views.join(self, request)


class Membership(models.Model):
    """One person in one group (a row kept after they leave: ``left_at``)."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    group = models.ForeignKey(GroupPage, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("email"), max_length=254)
    postcode = models.CharField(_("postcode"), max_length=16, blank=True)
    language = models.CharField(max_length=8, blank=True)
    consent_granted = models.BooleanField(default=False)
    consent_wording = models.TextField(blank=True)
    # When the address was proved (the emailed link, or a signed-in user's own):
    # details and consent then recorded, and the organisers' messages reach them.
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(left_at__isnull=True),
                name="organising_one_live_membership",
            )
        ]
        indexes = [models.Index(fields=["group", "left_at", "last_name"])]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def reachable(self):
        """The organisers' messages reach them: proved address, consent given, still in."""
        return (
            self.left_at is None and self.consent_granted and self.consent_recorded_at is not None
        )
