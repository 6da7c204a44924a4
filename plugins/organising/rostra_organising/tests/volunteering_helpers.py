"""Helpers of the volunteering tests: a "Je m'engage" page and its form."""

from rostra_organising.volunteering.models import VolunteerPage

from .conftest import committed, solved_pow


def make_volunteer_page(site, slug="je-m-engage"):
    page = site.root_page.add_child(
        instance=VolunteerPage(title="Je m'engage", slug=slug, intro="Rejoignez-nous.")
    )
    page.save_revision().publish()
    return VolunteerPage.objects.get(pk=page.pk)


def offer_data(**overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Durand",
        "email": "camille.durand@example.org",
        "postcode": "69003",
        "phone": "06 12 34 56 78",
        "tasks": ["doors", "assessor"],
        "availability": ["weekends", "election_day"],
        "skills": "Anglais, permis B",
        "consent": "on",
        "website": "",
        "altcha": solved_pow(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def offer(client, page, **overrides):
    with committed():
        return client.post(page.url + "send/", offer_data(**overrides), REMOTE_ADDR="192.0.2.20")
