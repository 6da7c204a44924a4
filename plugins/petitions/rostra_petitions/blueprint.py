"""What the petitions plugin brings to every new candidate site (rostra.blueprint):
a petition page, the candidate team's view of its signatures, and national
petitions that staff may push to candidate sites."""

from django.utils.translation import gettext as _
from rostra.blueprint import BlueprintPart, add_page


class PetitionPart(BlueprintPart):
    settings_model = "petitions.PetitionBlueprint"
    team_permissions = (("petitions", "view_signature"),)
    pushed_pages = ("petitions.PetitionPage",)

    def pages(self, home, site, settings):
        from rostra_petitions.models import PetitionPage

        if not settings.with_page:
            return []
        page = add_page(
            home,
            PetitionPage,
            title=settings.title or _("Our petition"),
            slug="petition",
            intro=settings.intro or _("Sign and share this petition."),
        )
        return [page]

    def demo(self, settings):
        # The national petition is pushed to every candidate site instead.
        settings.with_page = False
        settings.save()
