"""The ledger's CSV and XLSX exports, with django-import-export, written by
rostra.spreadsheets (no cell starts a formula; amounts are numbers)."""

from decimal import Decimal

from import_export import fields, resources
from rostra import spreadsheets

from rostra_donations.models import Donation


class DonationResource(resources.ModelResource):
    site = fields.Field(attribute="site__site_name", column_name="site")
    amount_eur = fields.Field(column_name="amount_eur")
    refunded_eur = fields.Field(column_name="refunded_eur")

    class Meta:
        model = Donation
        fields = (
            "id",
            "site",
            "created_at",
            "paid_at",
            "status",
            "kind",
            "frequency",
            "amount_eur",
            "refunded_eur",
            "currency",
            "method",
            "bank_reference",
            "civility",
            "first_name",
            "last_name",
            "email",
            "address_line1",
            "address_line2",
            "postcode",
            "town",
            "country",
            "nationality",
            "french_resident",
            "recipient_kind",
            "election",
            "over_cap",
            "refcode",
            "utm_source",
            "utm_medium",
            "utm_campaign",
        )
        export_order = fields

    # Numbers, not text: a spreadsheet adds them up (and a number is never a formula).
    def dehydrate_amount_eur(self, donation):
        return Decimal(donation.amount).scaleb(-2)

    def dehydrate_refunded_eur(self, donation):
        return Decimal(donation.refunded_amount).scaleb(-2)


def export(queryset, file_format):
    """Bytes of the export in 'csv' or 'xlsx'."""
    dataset = DonationResource().export(queryset.prefetch_related("refunds"))
    return spreadsheets.write_dataset(dataset, file_format, bom=True, title="Donations")
