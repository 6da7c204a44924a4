"""The donations plugin's rows about a person, for the core's merge, data
export and erasure (rostra.personal_data). Gifts whose receipts and accounts
the law makes us keep keep their donor's identity until the end of the
retention period; the rest of their personal data goes at once."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rostra.personal_data import Erased, PersonRecords

from rostra_donations import conf
from rostra_donations.models import Donation, DonationStatus

# What the receipts and the accounts need, kept under legal obligation: the
# donor's details (Donation.DONOR_FIELDS) but their email, and their attestations.
IDENTITY_FIELDS = (
    *(name for name in Donation.DONOR_FIELDS if name != "email"),
    "attestations",
    "donor_key",
)
# Never needed once the person asked to be erased.
ERASED_FIELDS = (
    "email",
    "ip_hash",
    "refcode",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_content",
    "utm_term",
)
SETTLED = (DonationStatus.PAID, DonationStatus.DISPUTED, DonationStatus.REFUNDED)


def retention_end(donation):
    paid = timezone.localtime(donation.paid_at or donation.created_at).date()
    years = conf.get("DONATIONS_RETENTION_YEARS")
    # Until the end of the year of payment + N years (accounts close per year).
    return datetime.date(paid.year + years, 12, 31)


class DonationRecords(PersonRecords):
    model = "donations.Donation"
    title = _("Donations")
    erase_fields = ERASED_FIELDS
    identity_fields = IDENTITY_FIELDS
    keep_reason = _(
        "French political-finance law: receipts and the financial agent's accounts "
        "keep the donor's identity (art. L52-8 and L52-12 of the electoral code)"
    )

    def kept_until(self, row, today):
        return retention_end(row) if row.status in SETTLED else None

    def hold(self, row, until):
        row.legal_hold_until = until

    def export(self, person):
        rows = self.rows(person).select_related("site").order_by("created_at")
        return [self.export_row(d) for d in rows]

    def export_row(self, d):
        return {
            "site": d.site.site_name or d.site.hostname,
            "date": (d.paid_at or d.created_at).isoformat(),
            "amount_eur": f"{d.amount / 100:.2f}",
            "frequency": d.frequency,
            "status": d.status,
            "method": d.method,
            "name": f"{d.civility} {d.first_name} {d.last_name}".strip(),
            "tax_address": ", ".join(
                p
                for p in (d.address_line1, d.address_line2, f"{d.postcode} {d.town}", d.country)
                if p.strip()
            ),
            "nationality": d.nationality,
            "resides_in_france": d.french_resident,
            "attestations": d.attestations.get("statements", []),
            "source": d.refcode or d.utm_source,
            "kept_under_legal_obligation_until": (
                d.legal_hold_until.isoformat() if d.legal_hold_until else ""
            ),
        }


class RecurringGiftRecords(PersonRecords):
    """A monthly commitment holds no personal data of its own (its payments are
    Donations); erasure stops it, so that nothing more is ever taken."""

    model = "donations.RecurringGift"
    title = _("Monthly gifts")
    export_fields = ("amount", "currency", "state", "created_at", "cancelled_at")

    def erase(self, person, *, actor=None):
        active = self.rows(person).filter(state="active")
        stopped = active.update(state="cancelled", cancelled_at=timezone.now())
        return Erased(f"donations: {stopped} monthly gift(s) stopped")
