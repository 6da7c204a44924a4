"""What volunteering brings to every new candidate site (rostra.blueprint): a
"Je m'engage" page, the team's view of the volunteers in its territory, and
its own shifts and polling-station recruits."""

from django.utils.translation import gettext as _
from rostra.blueprint import BlueprintPart, add_page


class VolunteeringPart(BlueprintPart):
    team_permissions = (
        ("organising", "view_volunteer"),
        ("organising", "view_shift"),
        ("organising", "add_shift"),
        ("organising", "change_shift"),
        ("organising", "delete_shift"),
        ("organising", "view_recruit"),
        ("organising", "add_recruit"),
    )

    def pages(self, home, site, settings):
        from rostra_organising.volunteering.models import VolunteerPage

        page = add_page(
            home,
            VolunteerPage,
            title=_("Volunteer"),
            slug="je-m-engage",
            intro=_("Door-to-door, phoning, polling stations: tell us how you can help."),
        )
        return [page]
