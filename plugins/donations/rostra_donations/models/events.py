"""Provider events as received: each once per site, and what an event said
about an object its site does not know yet, kept until that object appears."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.Model):
    """Each provider event once per site: the unique key is inserted in the same
    transaction as the event's effect, so a redelivery finds it and stops.

    Per site, not global: an event posted to another site's address (signed with
    that site's secret) must never take the id of this site's own event."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=255)
    type = models.CharField(max_length=100)
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("webhook event")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "site", "event_id"], name="donations_event_once_per_site"
            )
        ]

    def __str__(self):
        return f"{self.provider} {self.event_id} {self.type}"


class KeptOutcome(models.Model):
    """What a verified event said about a payment, subscription or checkout that
    its site does not know yet (providers send events in any order). Applied,
    then deleted, when that object appears in the same site, never in another."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="kept")
    # "payment:pi_…", "session:cs_…", "subscription:sub_…" (see ledger.REFS).
    waiting_for = models.CharField(max_length=300)
    # The provider outcome (rostra_donations.providers.base), by type name and fields.
    outcome = models.JSONField()
    kept_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("event waiting for its payment")
        indexes = [models.Index(fields=["site", "waiting_for"], name="donations_kept_waiting")]

    def __str__(self):
        return f"event {self.event_id} → {self.waiting_for}"
