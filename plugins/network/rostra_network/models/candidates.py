"""A candidate site: the Wagtail Site, its team's group and collection, and the
territory its candidate stands in (what their supporter list is limited to)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class CandidateSite(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011
    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="candidate",
    )
    name = models.CharField(_("candidate's name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=63, unique=True)
    email = models.EmailField(_("candidate's email"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate's login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidate_site",
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("images and documents"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The territory: a constituency (the party's code), INSEE commune codes
    # and/or whole départements.
    constituency = models.CharField(_("constituency"), max_length=32, blank=True, db_index=True)
    communes = models.JSONField(_("communes (INSEE codes)"), default=list, blank=True)
    departements = models.JSONField(_("départements (codes)"), default=list, blank=True)
    # Derived from the territory: what "the sites of a region" and the directory use.
    region_code = models.CharField(_("région"), max_length=3, blank=True, db_index=True)
    departement_code = models.CharField(_("département"), max_length=3, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("candidate site")
        verbose_name_plural = _("candidate sites")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def territory_label(self):
        from rostra_network import territory

        return territory.label(self.constituency, self.communes, self.departements)


@register_setting(icon="user")
class CandidateProfile(BaseSiteSetting):
    """What a candidate says about themselves, on their own site; the network
    directory shows it. The only site settings a candidate's team may change."""

    display_name = models.CharField(_("name shown"), max_length=150, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    short_bio = models.TextField(_("in a few words"), max_length=400, blank=True)
    contact_email = models.EmailField(_("public contact email"), blank=True)

    panels = [
        FieldPanel("display_name"),
        FieldPanel("photo"),
        FieldPanel("short_bio"),
        FieldPanel("contact_email"),
    ]

    class Meta:
        verbose_name = _("Candidate profile")
