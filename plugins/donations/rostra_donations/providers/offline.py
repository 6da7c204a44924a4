"""Cheques and transfers, recorded by a treasurer, so every gift is in one ledger."""

from rostra_donations.providers import base


class OfflineProvider(base.PaymentProvider):
    code = "offline"
    label = "Offline"
    online = False

    def start(self, attempt, *, success_url, cancel_url):
        raise base.ProviderError("offline gifts are recorded by a treasurer")

    def refund(self, refund, attempt):
        # The treasurer sends the money back by cheque or transfer and records it here.
        return base.RefundUpdated(
            refund_ref="", payment_ref="", charge_ref="", amount=refund.amount, state="succeeded"
        )

    def cancel_recurring(self, recurring):
        """A standing order is stopped at the donor's bank; nothing to call."""

    def change_recurring(self, recurring, amount):
        raise base.ProviderError("a standing order is changed at the donor's bank")
