"""What the plugin brings to every new candidate site (rostra.blueprint): a
volunteer page, shaped by the plugin's blueprint fields (VolunteerBlueprint)."""

from django.utils.translation import gettext as _
from rostra.blueprint import BlueprintPart, add_page


class VolunteerPart(BlueprintPart):
    settings_model = "volunteers.VolunteerBlueprint"

    def pages(self, home, site, settings):
        """Called in the transaction that builds the site, only where the plugin
        is switched on for it; the pages go into the site's main menu."""
        from rostra_volunteers.models import VolunteerPage

        if not settings.with_page:
            return []
        title = settings.title or _("Volunteer with us")
        return [add_page(home, VolunteerPage, title=title, slug="benevoles")]
