"""The network directory: "who is my candidate?" by postcode or commune, from
the territory data shipped with Rostra (nothing is fetched)."""

from dataclasses import dataclass

from rostra.people import territories

from rostra_network.models import CandidateProfile, CandidateSite


@dataclass
class Answer:
    place: object  # Territory or None
    candidates: list


def listing():
    return list(CandidateSite.objects.select_related("site").order_by("name"))


def search(query):
    """Candidates standing where the postcode or commune name points."""
    query = query.strip()
    postcode = territories.normalise_postcode(query) if query[:1].isdigit() else ""
    place = territories.lookup(postcode, None) if postcode else territories.lookup("", query)
    if place is None:
        return Answer(None, [])
    codes = {place.commune_code, place.district_code} - {""}
    found = []
    for candidate in listing():
        same_constituency = place.constituency and candidate.constituency == place.constituency
        in_departement = place.departement_code in candidate.departements
        if same_constituency or in_departement or codes & set(candidate.communes):
            found.append(candidate)
        elif not codes and candidate.departement_code == place.departement_code:
            # A postcode shared by several communes: the candidates of its département.
            found.append(candidate)
    _attach_profiles(found)
    return Answer(place, found)


def _attach_profiles(candidates):
    profiles = CandidateProfile.objects.filter(site__in=[c.site_id for c in candidates])
    by_site = {profile.site_id: profile for profile in profiles.select_related("photo")}
    for candidate in candidates:
        candidate.profile = by_site.get(candidate.site_id)
