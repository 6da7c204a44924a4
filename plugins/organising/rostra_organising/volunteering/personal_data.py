"""Volunteering's rows about a person, for the core's merge, data export and
erasure (rostra.personal_data)."""

from django.utils.translation import gettext_lazy as _
from rostra.personal_data import Erased, PersonRecords


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


class RecruitRecords(PersonRecords):
    model = "organising.Recruit"
    title = _("Polling-station posts")
    export_fields = (
        "station_code",
        "role",
        "position",
        "last_name",
        "first_name",
        "birth_date",
        "birth_place",
        "address",
        "elector_number",
    )

    def erase(self, person, *, actor=None):
        # A post held by no one is a post to fill again: the row goes.
        count, _by_model = self.rows(person).delete()
        return Erased(f"organising: {count} polling-station posts freed")
