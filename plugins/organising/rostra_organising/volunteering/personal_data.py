"""Volunteering's rows about a person, for the core's merge, data export and
erasure (rostra.personal_data)."""

from django.utils.translation import gettext_lazy as _
from rostra.personal_data import PersonRecords


class VolunteerRecords(PersonRecords):
    model = "organising.Volunteer"
    title = _("Offers to volunteer")
    export_fields = (
        "first_name",
        "last_name",
        "email",
        "postcode",
        "phone",
        "tasks",
        "availability",
        "skills",
        "consent_granted",
        "consent_wording",
        "created_at",
    )
    # The offer's tasks stay (the campaign's figures); who it was does not.
    erase_fields = (
        "first_name",
        "last_name",
        "email",
        "postcode",
        "phone",
        "skills",
        "consent_wording",
    )


class ShiftSignupRecords(PersonRecords):
    model = "organising.ShiftSignup"
    title = _("Shift sign-ups")
    export_fields = ("shift", "status", "created_at", "cancelled_at")
    erase_fields = ()
