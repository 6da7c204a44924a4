"""The organising plugin's rows about a person, for the core's merge, data
export and erasure (rostra.personal_data)."""

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rostra.personal_data import PersonRecords


class RsvpRecords(PersonRecords):
    model = "organising.Rsvp"
    title = _("Event RSVPs")
    export_fields = (
        "event",
        "status",
        "first_name",
        "last_name",
        "email",
        "postcode",
        "phone",
        "consent_granted",
        "consent_wording",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "attended_at",
    )
    # Attendance stays (the event's figures); who it was does not.
    erase_fields = ("first_name", "last_name", "email", "postcode", "phone", "consent_wording")


class MembershipRecords(PersonRecords):
    model = "organising.Membership"
    title = _("Local groups")
    export_fields = (
        "group",
        "first_name",
        "last_name",
        "email",
        "postcode",
        "consent_granted",
        "consent_wording",
        "joined_at",
        "left_at",
    )
    # The group's figures stay; who it was does not.
    erase_fields = ("first_name", "last_name", "email", "postcode", "consent_wording")

    def merge(self, kept, merged):
        # One live membership per person and group: the duplicate's, where both
        # are in, ends (the kept one stays).
        rows = self.model_class._default_manager
        both = rows.filter(person=kept, left_at__isnull=True).values("group")
        rows.filter(person=merged, left_at__isnull=True, group__in=both).update(
            left_at=timezone.now()
        )
        return super().merge(kept, merged)

    def erased(self, row):
        # An erased person is no longer a member, nor written to.
        row.left_at = row.left_at or timezone.now()
        row.consent_granted = False


class ProposalRecords(PersonRecords):
    model = "organising.EventProposal"
    title = _("Events proposed")
    export_fields = (
        "title",
        "status",
        "first_name",
        "last_name",
        "email",
        "postcode",
        "consent_granted",
        "consent_wording",
        "created_at",
        "decided_at",
    )
    # The event stays (published, it is the campaign's); who proposed it does not.
    erase_fields = ("first_name", "last_name", "email", "postcode", "consent_wording")

    def erased(self, row):
        # The published event no longer names its host.
        if row.event_id:
            EventPage = apps.get_model("organising", "EventPage")  # noqa: N806
            EventPage.objects.filter(pk=row.event_id).update(host_names="")
