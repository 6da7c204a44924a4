"""The plugin's rows about a person (rostra.personal_data): which mailings
they were sent, and an address that bounced or complained."""

from django.utils.translation import gettext_lazy as _
from rostra.personal_data import PersonRecords


class _OncePerMailing(PersonRecords):
    """Re-pointing a duplicate's rows must not give the person kept two rows
    where the constraint allows one: the duplicate's row is dropped then."""

    unique_with = ""

    def merge(self, kept, merged):
        manager = self.model_class._default_manager
        taken = manager.filter(person=kept).values_list(self.unique_with, flat=True)
        manager.filter(person=merged, **{f"{self.unique_with}__in": list(taken)}).delete()
        return manager.filter(person=merged).update(person=kept)


class RecipientRecords(_OncePerMailing):
    model = "mailings.Recipient"
    title = _("Mailings received")
    export_fields = ("mailing", "status", "sent_at")
    unique_with = "mailing"


class UndeliverableRecords(_OncePerMailing):
    model = "mailings.Undeliverable"
    title = _("Addresses that could not be reached")
    export_fields = ("reason", "recorded_at")
    erase_fields = ("email_canonical", "detail")
    unique_with = "email_canonical"


class EnrollmentRecords(_OncePerMailing):
    model = "mailings.Enrollment"
    title = _("Series of messages (automations) started")
    export_fields = ("automation", "status", "entered_at")
    unique_with = "automation"


class RelayedEmailRecords(PersonRecords):
    model = "mailings.RelayedEmail"
    title = _("Messages from organisers and event reminders")
    export_fields = ("template", "status", "created_at", "sent_at")
    erase_fields = ("to", "context")

    def erased(self, row):
        # Nothing left to send, nor anyone to send it to.
        if row.status == row.Status.QUEUED:
            row.status = row.Status.CANCELLED
