"""What the petitions plugin exposes to the API (rostra.osdi): its petitions
and their confirmed signatures, OSDI-shaped, read-only, narrowed to the key's
site. A signature carries a link to its signer, never their details: the
people endpoint decides what the key may read of them."""

from django.utils.translation import gettext_lazy as _
from rostra import osdi

from rostra_petitions.models import PetitionPage, Signature


def petitions_of(site):
    return osdi.pages_of(site, PetitionPage.objects.live())


class Petitions(osdi.PageResource):
    name = "petitions"
    title = _("Petitions")
    model = PetitionPage

    def pages(self):
        return super().pages().select_related("live_state")

    def describe(self, row):
        state = getattr(row, "live_state", None)
        total = (state.online_count + state.paper_count) if state else 0
        return {
            "description": row.intro,
            "target": [{"name": row.target}] if row.target else [],
            "total_signatures": total,
        }

    def links(self, row, link):
        return {"osdi:signatures": link("signatures", None, petition=row.pk)}


class Signatures(osdi.Resource):
    name = "signatures"
    title = _("Petition signatures")
    created_field = "created_at"
    modified_field = "validated_at"
    filters = {"petition": "petition"}

    def queryset(self, site, user):
        return Signature.objects.filter(
            petition__in=petitions_of(site), state=Signature.State.VALIDATED
        )

    def represent(self, row, link):
        return self.stamp(row)

    def links(self, row, link):
        links = {"osdi:petition": link("petitions", row.petition_id)}
        if row.person_id:
            links["osdi:person"] = link("people", row.person_id)
        return links


def resources():
    return [Petitions(), Signatures()]
