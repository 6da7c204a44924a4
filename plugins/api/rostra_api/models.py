"""API keys: one per tool, per site, acting for the user who made it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

READ, WRITE = "read", "write"


class ApiKey(models.Model):
    """A key for one tool. Only a hash of its secret is kept: the secret is
    shown once, when the key is made. Calls act as ``user`` (who made it), so a
    candidate's key sees their territory, with their masking, and nothing more."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("The tool that uses it."))
    # The public part of the token, to find the key without scanning the hashes.
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    # {resource name: ["read", "write"]}
    scopes = models.JSONField(_("scopes"), default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    last_used_ip = models.GenericIPAddressField(
        _("last used from"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self):
        return self.revoked_at is None

    def allows(self, resource, action):
        return action in self.scopes.get(resource, ())


class WebhookSubscription(models.Model):
    """An endpoint of another tool that hears of some of a site's events."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Event(models.TextChoices):
        PERSON_CREATED = "person.created", "person.created"
        PERSON_UPDATED = "person.updated", "person.updated"
        CONSENT_CHANGED = "consent.changed", "consent.changed"
        SIGNATURE_CONFIRMED = "signature.confirmed", "signature.confirmed"
        DONATION_PAID = "donation.paid", "donation.paid"
        DONATION_REFUNDED = "donation.refunded", "donation.refunded"
        ATTENDANCE_CREATED = "attendance.created", "attendance.created"
        UNSUBSCRIBE = "unsubscribe", "unsubscribe"

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(_("endpoint"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # Standard Webhooks' symmetric key ("whsec_" + base64): kept, as it signs.
    secret = models.CharField(max_length=80, editable=False)
    allow_private = models.BooleanField(
        _("allow a private address"),
        default=False,
        help_text=_(
            "Only for a receiver on your own network: otherwise addresses that resolve to "
            "private, loopback or link-local addresses are refused."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self):
        return self.url


class WebhookEvent(models.Model):
    """One event, once: its id is the ``webhook-id`` every delivery of it
    carries, so receivers can deduplicate."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    id = models.CharField(primary_key=True, max_length=40, editable=False)
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.kind} {self.id}"


class WebhookDelivery(models.Model):
    """An event owed to one subscription, retried until delivered or too old."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Given up")

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_status_code = models.PositiveIntegerField(_("last response"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="api_delivery_once_per_subscription"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event_id} → {self.subscription_id}"


class WebhookAttempt(models.Model):
    """One try of a delivery: the delivery log."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="log", db_index=False
    )
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [models.Index(fields=["delivery", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"
