from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class OutboxMessage(models.Model):
    """An email kept by the development backend instead of being sent."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        # Refused as a mail server would refuse it (rostra.mail.backends).
        FAILED = "failed", _("Failed")

    to = models.TextField(_("to"))
    from_email = models.CharField(_("from"), max_length=254)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict)
    attachments = models.JSONField(_("attachments"), default=list)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    # The site the email was sent for (its sender, its look): a candidate's team
    # reads its own site's emails only. Empty for Wagtail's own (password reset).
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.SENT
    )
    refused = models.TextField(_("addresses refused"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    @property
    def site_name(self):
        from rostra.sitesettings.names import site_name

        return site_name(self.site)


class Delivery(models.Model):
    """An email handed to the mail server, by its key: a task run again (its
    worker died mid-run) finds its email here and does not send it twice. The
    key names what the email is for (a task run, an acknowledgement), never
    the person."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")

    def __str__(self):
        return self.key


@register_setting(icon="mail")
class SenderSettings(BaseSiteSetting):
    """Who the site's emails come from: the party's name and address on its
    site, the candidate's on theirs."""

    from_name = models.CharField(
        _("sender name"),
        max_length=120,
        blank=True,
        help_text=_("Left empty, the site's name."),
    )
    from_address = models.EmailField(
        _("sender address"),
        blank=True,
        help_text=_(
            "An address of your domain that your mail server may send from. Left empty, "
            "the platform's address (DEFAULT_FROM_EMAIL)."
        ),
    )
    reply_to = models.EmailField(
        _("reply-to address"),
        blank=True,
        help_text=_("Where replies go, if not to the sender address."),
    )

    class Meta:
        verbose_name = _("Email sender")
