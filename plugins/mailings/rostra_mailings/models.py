"""A mailing (a newsletter), its recipients (one delivery row each) and the
addresses that bounced or complained."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable

from rostra_mailings.ab_fields import SubjectTest
from rostra_mailings.approval_fields import Approval
from rostra_mailings.blocks import MailingBody

#: Past this, a subject is cut in most inboxes.
SUBJECT_ADVISED_LENGTH = 80


def no_line_breaks(value):
    """A subject is a header: a line break in it would start a header of the
    sender's choosing (header injection)."""
    if "\r" in value or "\n" in value:
        raise ValidationError(_("A subject is one line: remove the line breaks."))


@register_setting(icon="mail")
class MailingSettings(BaseSiteSetting):
    """How fast this site's mailings go out: the mail provider's limit."""

    messages_per_minute = models.PositiveIntegerField(
        _("messages per minute"),
        default=600,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("Your mail provider's sending limit."),
    )
    batch_size = models.PositiveIntegerField(
        _("messages per batch"),
        default=200,
        validators=[MinValueValidator(1), MaxValueValidator(5_000)],
    )
    click_tracking = models.BooleanField(
        _("offer click counting"),
        default=False,
        help_text=_("Links go through this site to be counted, when the mailing asks for it."),
    )
    national_needs_approval = models.BooleanField(
        _("national sends need a second approver"),
        default=False,
        help_text=_(
            "On the national site only: a person who may send asks, another person "
            "with the permission to approve sends it."
        ),
    )

    class Meta:
        verbose_name = _("Mailings")


class Mailing(SubjectTest, Approval, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200, validators=[no_line_breaks])
    purpose = models.CharField(
        _("purpose"),
        max_length=64,
        default="newsletter",
        help_text=_("Only people who consented to this purpose by email receive it."),
    )
    segment = models.ForeignKey(
        "people.SavedSegment",
        verbose_name=_("saved segment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Left empty: everyone who consented (within your territory)."),
    )
    body = StreamField(MailingBody(), blank=True, verbose_name=_("message"))
    track_clicks = models.BooleanField(
        _("count clicks"),
        default=False,
        help_text=_(
            "Links go through this site, which counts clicks per link (never who clicked). "
            "Only where the site's mailing settings offer it."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    send_at = models.DateTimeField(
        _("send at"),
        null=True,
        blank=True,
        help_text=_("When a scheduled mailing starts: until then its sending can be cancelled."),
    )
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("send", _("Can send mailings")),
            ("approve", _("Can approve national mailings")),
        ]

    def __str__(self):
        return self.subject

    @property
    def channel(self):
        return "email"

    def progress(self):
        """{status: count} of the recipients, and the share done (0 to 100)."""
        counts = dict(
            self.recipients.values_list("status").annotate(n=models.Count("pk")).order_by()
        )
        total = sum(counts.values())
        # Held copies wait for an A/B test's winner: not handled yet.
        done = total - counts.get(Recipient.Status.QUEUED, 0) - counts.get(Recipient.Status.HELD, 0)
        return {
            "status": self.status,
            "total": total,
            "done": done,
            "percent": round(100 * done / total) if total else 0,
            "counts": counts,
        }


class Copy(models.Model):
    """One message to one person, claimed by one batch and marked once: its
    state and its tries (a broadcast's recipient, an automation's step)."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        BOUNCED = "bounced", _("Bounced")
        FAILED = "failed", _("Failed after retries")
        SKIPPED = "skipped", _("Skipped (consent withdrawn)")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Waiting for the winning subject")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=255, blank=True)

    class Meta:
        abstract = True


class Recipient(Copy):
    """One person's copy of a mailing: claimed by one batch, marked once."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # An A/B test's sample: "a" or "b" (its subject); "" for everyone else.
    variant = models.CharField(max_length=1, blank=True, default="")

    class Meta:
        verbose_name = _("recipient")
        constraints = [
            models.UniqueConstraint(fields=["mailing", "person"], name="mailings_one_per_person")
        ]
        indexes = [
            models.Index(
                fields=["mailing", "next_attempt_at"],
                condition=models.Q(status="queued"),
                name="mailings_recipient_queued",
            ),
            models.Index(fields=["person"], name="mailings_recipient_person"),
        ]

    def __str__(self):
        return f"{self.mailing_id}/{self.person_id}: {self.status}"

    def message_id(self, domain):
        """The same for every try of this copy: a receiver (or our test sink)
        that gets it twice sees one message."""
        return f"<rostra-mailing-{self.mailing_id}-{self.pk}@{domain}>"


class Undeliverable(models.Model):
    """A person's address that bounced for good or complained: left out of
    every audience until the address changes."""

    class Reason(models.TextChoices):
        BOUNCE = "bounce", _("Bounced")
        COMPLAINT = "complaint", _("Complaint")

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    email_canonical = models.CharField(max_length=254)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("undeliverable address")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "email_canonical"], name="mailings_undeliverable_once"
            )
        ]

    def __str__(self):
        return f"{self.person_id}: {self.reason}"


class LinkClick(models.Model):
    """One click on a link of a mailing, counted through our own redirect.
    Who clicked is not kept: the figure is per link."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="clicks")
    url = models.URLField(max_length=2000)
    # The clicker's département (its code), for the figures per territory; not
    # the person.
    territory = models.CharField(max_length=3, blank=True)
    # The copy's subject in an A/B test's sample ("a", "b"), "" otherwise.
    variant = models.CharField(max_length=1, blank=True, default="")
    clicked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("click")

    def __str__(self):
        return self.url


class Automation(ClusterableModel):
    """A series of messages that starts for one person when something happens
    to them on a site (they join, sign, give, answer an event), one message
    after another with delays; each step's conditions are checked when it is
    due."""

    class Trigger(models.TextChoices):
        JOINED = "joined", _("Joined (a new supporter)")
        SIGNED = "signed", _("Signed a petition")
        FIRST_GIFT = "first_gift", _("Gave for the first time")
        MONTHLY_GIFT_FAILED = "monthly_gift_failed", _("A monthly gift's payment failed")
        RSVP = "rsvp", _("Answered an event (RSVP)")

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    trigger = models.CharField(_("starts when the person"), max_length=24, choices=Trigger)
    petition = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("petition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For “Signed a petition”: this petition only. Left empty: any petition."),
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=64,
        default="newsletter",
        help_text=_("Each message goes only to people who consent to this purpose by email."),
    )
    active = models.BooleanField(
        _("on"),
        default=False,
        help_text=_("Off: nobody starts the series; those in it receive nothing more."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("automation")
        verbose_name_plural = _("automations")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["site", "trigger"], name="mailings_automation_trigger")]

    def __str__(self):
        return self.name


class AutomationStep(Orderable):
    """One message of a series, sent ``delay_days`` after the previous one (or
    after the person started it, for the first)."""

    automation = ParentalKey(Automation, on_delete=models.CASCADE, related_name="steps")
    delay_days = models.PositiveSmallIntegerField(
        _("days after the previous message"),
        default=0,
        validators=[MaxValueValidator(365)],
        help_text=_("0: at once (the first) or the same day as the previous one."),
    )
    subject = models.CharField(_("subject"), max_length=200, validators=[no_line_breaks])
    body = StreamField(MailingBody(), blank=True, verbose_name=_("message"))
    only_if_not_given = models.BooleanField(
        _("only to people who have never given"),
        default=False,
        help_text=_("Checked when the message is due: a person who gave meanwhile skips it."),
    )

    panels = ["delay_days", "subject", "body", "only_if_not_given"]

    class Meta(Orderable.Meta):
        verbose_name = _("message of the series")
        verbose_name_plural = _("messages of the series")

    def __str__(self):
        return self.subject

    # What rostra_mailings.rendering.Renderer reads of a mailing.
    track_clicks = False

    @property
    def site(self):
        return self.automation.site

    @property
    def purpose(self):
        return self.automation.purpose

    @property
    def list_id(self):
        return f"automation-{self.automation_id}"


class Enrollment(models.Model):
    """A person in a series: once per series and person, whatever how often the
    trigger fires (a second gift, a second signature)."""

    wagtail_reference_index_ignore = True  # a record, not content: rostra.E011

    class Status(models.TextChoices):
        ACTIVE = "active", _("In the series")
        DONE = "done", _("Finished")
        STOPPED = "stopped", _("Stopped (no consent any more)")

    automation = models.ForeignKey(
        Automation,
        verbose_name=_("automation"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    entered_at = models.DateTimeField(_("started"), default=timezone.now)

    class Meta:
        verbose_name = _("person in a series")
        constraints = [
            models.UniqueConstraint(fields=["automation", "person"], name="mailings_enrolled_once")
        ]
        indexes = [models.Index(fields=["person"], name="mailings_enrollment_person")]

    def __str__(self):
        return f"{self.automation_id}/{self.person_id}: {self.status}"


class StepMessage(Copy):
    """One step's message to one person in a series: written for every step
    when the person starts it (``next_attempt_at``: when it is due), claimed
    and marked once, like a broadcast's ``Recipient``."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="messages")
    step = models.ForeignKey(AutomationStep, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("message of a series to a person")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "step"], name="mailings_step_once")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="queued"),
                name="mailings_step_due",
            )
        ]

    def __str__(self):
        return f"{self.enrollment_id}/{self.step_id}: {self.status}"

    def message_id(self, domain):
        return f"<rostra-automation-{self.enrollment_id}-{self.step_id}@{domain}>"


# The SMS and relayed emails models live in their subpackages; imported here for
# Django to find them.
from rostra_mailings.relayed.models import RelayedEmail  # noqa: E402, F401
from rostra_mailings.sms.models import (  # noqa: E402, F401
    SmsBroadcast,
    SmsMessage,
    SmsRecipient,
    SmsSettings,
)
