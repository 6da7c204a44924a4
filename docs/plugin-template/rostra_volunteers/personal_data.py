"""The plugin's rows about a person (rostra.personal_data): the core re-points
them when two people are merged, writes them into the person's data export and
blanks them when the person is erased. Nothing here is kept under a legal
obligation; a plugin that must keep rows says until when and why with
``kept_until`` and ``keep_reason`` (see the donations plugin)."""

from django.utils.translation import gettext_lazy as _
from rostra.personal_data import PersonRecords


class AvailabilityRecords(PersonRecords):
    model = "volunteers.Availability"
    title = _("Volunteer offers")
    export_fields = ("page", "skills", "note", "created_at")
    erase_fields = ("skills", "note")

    def export_row(self, row):
        # The skills as the person ticked them, not their codes.
        return super().export_row(row) | {"skills": row.skill_labels()}
