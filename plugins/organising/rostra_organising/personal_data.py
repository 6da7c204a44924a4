"""The organising plugin's rows about a person, for the core's merge, data
export and erasure (rostra.personal_data)."""

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
