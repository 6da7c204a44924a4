"""What the donations plugin exposes to the API (rostra.osdi), read-only and
narrowed to the key's site: its donation pages as OSDI fundraising pages, and
the gifts that were paid (refunded and disputed ones stay listed, with their
status). A donation links to its donor; the people endpoint decides what the
key may read of them."""

from django.utils.translation import gettext_lazy as _
from rostra import osdi

from rostra_donations.models import Donation, DonationPage, DonationStatus

SHOWN_STATUSES = (DonationStatus.PAID, DonationStatus.REFUNDED, DonationStatus.DISPUTED)


class FundraisingPages(osdi.PageResource):
    name = "fundraising_pages"
    title = _("Donation pages")
    model = DonationPage

    def describe(self, row):
        return {"currency": "EUR"}

    def links(self, row, link):
        return {"osdi:donations": link("donations", None, page=row.pk)}


class Donations(osdi.Resource):
    name = "donations"
    title = _("Donations")
    created_field = "created_at"
    # Moved by a refund or a dispute too, and set when the payment is
    # recorded (a cheque entered today for last week is still "modified today").
    modified_field = "updated_at"
    filters = {"page": "page"}

    def queryset(self, site, user):
        return Donation.objects.filter(site=site, status__in=SHOWN_STATUSES)

    def represent(self, row, link):
        amount = row.amount / 100
        return {
            **self.stamp(row),
            "amount": amount,
            "currency": row.currency,
            "status": row.status,
            "recipients": [{"display_name": str(row.recipient_kind), "amount": amount}],
            "payment": {"method": row.method, "recurring": row.recurring_id is not None},
            "referrer_data": {"source": row.refcode},
            "action_date": osdi.date(row.paid_at),
        }

    def links(self, row, link):
        links = {"osdi:person": link("people", row.person_id)}
        if row.page_id:
            links["osdi:fundraising_page"] = link("fundraising_pages", row.page_id)
        return links


def resources():
    return [FundraisingPages(), Donations()]
