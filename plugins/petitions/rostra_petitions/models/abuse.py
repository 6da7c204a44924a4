"""Abuse protection: limits (a site-wide setting), allow and block lists, and
bulk invalidations."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="warning")
class PetitionLimits(BaseGenericSetting):
    """Signing limits for every petition of the instance. Signatures over a limit
    are kept but marked fraudulent (and never counted), silently."""

    ip_per_minute = models.PositiveIntegerField(
        _("signatures per IP address per minute"), default=8
    )
    ip_per_hour = models.PositiveIntegerField(_("signatures per IP address per hour"), default=40)
    domain_per_hour = models.PositiveIntegerField(
        _("signatures per email domain per hour"),
        default=300,
        help_text=_("Domains on the allow list (large mail providers) are not limited."),
    )
    foreign_country_per_hour = models.PositiveIntegerField(
        _("signatures per foreign country per hour"), default=500
    )
    home_countries = models.CharField(
        _("home countries"),
        max_length=100,
        default="FR",
        help_text=_("Country codes not limited by the per-country limit, comma-separated."),
    )
    anonymise_after_months = models.PositiveIntegerField(
        _("anonymise signatures this many months after a petition closes"), default=6
    )

    panels = [
        HelpPanel(
            content=_(
                "Signatures over a limit are kept, emailed as usual and marked fraudulent: "
                "they are never counted, and the signer cannot tell."
            )
        ),
        MultiFieldPanel(
            [FieldPanel("ip_per_minute"), FieldPanel("ip_per_hour")], heading=_("Per IP address")
        ),
        FieldPanel("domain_per_hour"),
        MultiFieldPanel(
            [FieldPanel("foreign_country_per_hour"), FieldPanel("home_countries")],
            heading=_("Per country"),
        ),
        FieldPanel("anonymise_after_months"),
    ]

    class Meta:
        verbose_name = _("Petition limits")

    def home_country_set(self):
        return {code.strip().upper() for code in self.home_countries.split(",") if code.strip()}


class AbuseRule(models.Model):
    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Kind(models.TextChoices):
        IP = "ip", _("IP address or network (e.g. 192.0.2.0/24)")
        IP_HASH = "ip_hash", _("Hashed IP address (from the trending list)")
        DOMAIN = "domain", _("Email domain")
        EMAIL = "email", _("Email address")
        COUNTRY = "country", _("Country code")

    class Action(models.TextChoices):
        ALLOW = "allow", _("Allow (no limit)")
        BLOCK = "block", _("Block (mark fraudulent)")

    kind = models.CharField(_("what"), max_length=8, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=254)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("allow or block rule")
        verbose_name_plural = _("allow and block lists")
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="petitions_one_rule_per_value")
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.get_kind_display()} {self.value}"


class Invalidation(models.Model):
    """A bulk invalidation: what it matched, who ran it, how many it touched."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    petition = models.ForeignKey(
        "petitions.PetitionPage",
        verbose_name=_("petition"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    criteria = models.JSONField(_("criteria"), default=dict)
    summary = models.CharField(_("summary"), max_length=500)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    matched = models.PositiveIntegerField(_("signatures touched"), default=0)
    uncounted = models.PositiveIntegerField(_("confirmed signatures removed from count"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("invalidation")
        ordering = ["-created_at"]

    def __str__(self):
        return self.summary
