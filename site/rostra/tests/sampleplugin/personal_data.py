import datetime

from rostra.personal_data import PersonRecords


class SampleRecords(PersonRecords):
    """Rows under a legal obligation survive erasure with their name, until their date."""

    model = "sampleplugin.SampleRecord"
    title = "Sample records"
    export_fields = ("name", "email")
    erase_fields = ("email",)
    identity_fields = ("name",)
    keep_reason = "accounting"

    def kept_until(self, row, today):
        return row.kept_until if row.legal_obligation else None

    def hold(self, row, until):
        row.kept_until = until or datetime.date.max
