"""What the petitions plugin exposes to the API (rostra.osdi): its petitions
and their confirmed signatures, OSDI-shaped, read-only, narrowed to the key's
site. A signature carries a link to its signer, never their details: the
people endpoint decides what the key may read of them."""

from django.utils.translation import gettext_lazy as _
from rostra import osdi

from rostra_petitions.models import PetitionPage, Signature


def petitions_of(site):
    return osdi.pages_of(site, PetitionPage.objects.live())


class Petitions(osdi.Resource):
    name = "petitions"
    title = _("Petitions")
    created_field = "first_published_at"
    modified_field = "last_published_at"

    def queryset(self, site, user):
        return petitions_of(site).select_related("live_state")

    def represent(self, row, link):
        state = getattr(row, "live_state", None)
        total = (state.online_count + state.paper_count) if state else 0
        return {
            "identifiers": [f"rostra:{row.pk}"],
            "title": row.title,
            "description": row.intro,
            "target": [{"name": row.target}] if row.target else [],
            "total_signatures": total,
            "browser_url": row.full_url,
            "created_date": osdi.date(row.first_published_at),
            "modified_date": osdi.date(row.last_published_at),
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
        return {
            "identifiers": [f"rostra:{row.pk}"],
            "created_date": osdi.date(row.created_at),
            "modified_date": osdi.date(row.validated_at),
        }

    def links(self, row, link):
        links = {"osdi:petition": link("petitions", row.petition_id)}
        if row.person_id:
            links["osdi:person"] = link("people", row.person_id)
        return links


def resources():
    return [Petitions(), Signatures()]
