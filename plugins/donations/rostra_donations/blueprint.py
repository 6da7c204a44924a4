"""What the donations plugin brings to every new candidate site (rostra.blueprint):
a donation page."""

from django.utils.translation import gettext as _
from rostra.blueprint import BlueprintPart, add_page


class DonationPart(BlueprintPart):
    settings_model = "donations.DonationBlueprint"

    def pages(self, home, site, settings):
        from rostra_donations.models import DonationPage

        if not settings.with_page:
            return []
        return [add_page(home, DonationPage, title=settings.title or _("Donate"), slug="don")]

    def demo(self, settings):
        # A candidate's own gifts need their financial agent's account, set up
        # by the treasurer: the demo's candidate sites start without the page.
        settings.with_page = False
        settings.save()
