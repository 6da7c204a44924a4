"""An SMS broadcast, its recipients (one delivery row each, as a mailing's),
each site's SMS settings (sender name, quiet hours, rate), and the test
provider's outbox."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rostra.mail.models import OutboxMessage
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from rostra_mailings.models import Mailing, Recipient
from rostra_mailings.sms.text import validate_sender, validate_text


def like(model, name):
    """A field as ``model`` has it: a broadcast and its copies are a mailing's
    and its recipients', on another channel."""
    field = model._meta.get_field(name)
    if not field.is_relation:
        return field.clone()
    # A foreign key cannot be cloned before the models are loaded: made again.
    return models.ForeignKey(
        field.remote_field.model,
        on_delete=field.remote_field.on_delete,
        related_name="+",
        verbose_name=field._verbose_name,  # as declared (None: from the name)
        null=field.null,
        blank=field.blank,
        help_text=field.help_text,
        db_index=field.db_index,
    )


@register_setting(icon="mobile-alt")
class SmsSettings(BaseSiteSetting):
    """Who this site's text messages come from, when they may go, how fast."""

    sender = models.CharField(
        _("sender name"),
        max_length=15,
        default="Rostra",
        validators=[validate_sender],
        help_text=_("What phones show as the sender: 1 to 11 letters or digits."),
    )
    sending_from = models.TimeField(
        _("send from"),
        default=datetime.time(8, 0),
        help_text=_("Texts wait outside these hours (Paris time)."),
    )
    sending_until = models.TimeField(_("send until"), default=datetime.time(20, 0))
    weekdays_only = models.BooleanField(
        _("weekdays only"),
        default=True,
        help_text=_("Texts started on a Saturday or Sunday wait until Monday."),
    )
    messages_per_minute = models.PositiveIntegerField(
        _("text messages per minute"),
        default=300,
        validators=[MinValueValidator(1), MaxValueValidator(60_000)],
        help_text=_("Your SMS provider's sending limit."),
    )
    batch_size = models.PositiveIntegerField(
        _("text messages per batch"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(1_000)],
    )

    class Meta:
        verbose_name = _("Text messages")

    def clean(self):
        super().clean()
        if self.sending_from >= self.sending_until:
            raise ValidationError(
                {"sending_until": _("The end of the sending hours comes after their start.")}
            )


class SmsBroadcast(models.Model):
    """A text message to an audience: like a mailing, on the ``sms`` channel."""

    # A plain text, no StreamField: nothing in it refers to content (rostra.E011).
    wagtail_reference_index_ignore = True

    Status = Mailing.Status

    site = like(Mailing, "site")
    name = models.CharField(
        _("name"), max_length=120, help_text=_("For your team: recipients do not see it.")
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=64,
        default="newsletter",
        help_text=_("Only people who consented to this purpose by text message receive it."),
    )
    segment = like(Mailing, "segment")
    text = models.TextField(_("text"), validators=[validate_text])
    status = like(Mailing, "status")
    created_by = like(Mailing, "created_by")
    sent_by = like(Mailing, "sent_by")
    created_at = like(Mailing, "created_at")
    started_at = like(Mailing, "started_at")
    finished_at = like(Mailing, "finished_at")

    class Meta:
        verbose_name = _("SMS broadcast")
        verbose_name_plural = _("SMS broadcasts")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    channel = "sms"
    # {status: count} of the recipients and the share done, as a mailing's.
    progress = Mailing.progress


class SmsRecipient(models.Model):
    """One person's copy of a broadcast: claimed by one batch, marked once."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    Status = Recipient.Status

    broadcast = models.ForeignKey(SmsBroadcast, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The mobile number the copy goes to, read when the broadcast started (E.164).
    phone = models.CharField(max_length=20)
    status = like(Recipient, "status")
    attempts = like(Recipient, "attempts")
    next_attempt_at = like(Recipient, "next_attempt_at")
    sent_at = like(Recipient, "sent_at")
    error = like(Recipient, "error")
    # The provider's id of the message it accepted.
    provider_id = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("SMS recipient")
        constraints = [
            models.UniqueConstraint(fields=["broadcast", "person"], name="mailings_sms_once")
        ]
        indexes = [
            models.Index(
                fields=["broadcast", "next_attempt_at"],
                condition=models.Q(status="queued"),
                name="mailings_sms_queued",
            ),
            models.Index(fields=["person"], name="mailings_sms_person"),
        ]

    def __str__(self):
        return f"{self.broadcast_id}/{self.person_id}: {self.status}"

    def reference(self):
        """The same for every try of this copy (the test provider keeps one)."""
        return f"rostra-sms-{self.broadcast_id}-{self.pk}"


class SmsMessage(models.Model):
    """A text the test provider kept instead of sending it (the demo, tests):
    the SMS outbox."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    site = like(OutboxMessage, "site")
    to = models.CharField(_("to"), max_length=20)
    sender = models.CharField(_("from"), max_length=15)
    text = models.TextField(_("text"))
    parts = models.PositiveSmallIntegerField(_("SMS parts"))
    encoding = models.CharField(_("alphabet"), max_length=4)
    reference = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("SMS outbox")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.to}: {self.text[:40]}"
