"""The map of a site's events: France by département, drawn on the server."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rostra.people import departement_map

from rostra_organising.events.models import EventIndexPage

from .conftest import make_event


@pytest.fixture
def listing(national_site):
    page = national_site.root_page.add_child(instance=EventIndexPage(title="Agenda", slug="agenda"))
    page.save_revision().publish()
    return page


@pytest.fixture
def events(national_site):
    soon = timezone.now() + timedelta(days=2)
    return [
        make_event(national_site, slug="lyon-1", title="Réunion à Lyon", starts_at=soon),
        make_event(national_site, slug="lyon-2", title="Porte-à-porte à Lyon", starts_at=soon),
        make_event(
            national_site, slug="lille", title="Tractage à Lille", postcode="59000", town="Lille",
            starts_at=soon,
        ),
        make_event(
            national_site, slug="saint-denis", title="Réunion à Saint-Denis (La Réunion)",
            postcode="97400", town="Saint-Denis", starts_at=soon,
        ),
        make_event(national_site, slug="en-ligne", title="Formation en ligne", online=True),
        make_event(
            national_site, slug="passe", title="Passé à Marseille", postcode="13001",
            town="Marseille", starts_at=timezone.now() - timedelta(days=3),
        ),
    ]  # fmt: skip


def test_the_map_shades_each_departement_by_its_events_and_links_to_them(client, listing, events):
    response = client.get(listing.url + "map/")
    assert response.status_code == 200
    text = response.text
    # Rhône has the most events (2): the darkest shade; Nord (1) a lighter one.
    link = f'href="{listing.url}?departement='
    rhone = text[text.index(link + '69"') :]
    assert rhone.index(departement_map.SHADES[-1]) < rhone.index("</a>")
    assert link + '59"' in text
    # A département with no event to come is drawn, but is not a link.
    assert link + '13"' not in text
    assert "Bouches-du-Rhône (13) : 0 événement" in text
    # Nothing fetched from elsewhere, no script.
    assert "<script" not in text.split("<main", 1)[-1].split("</main>", 1)[0]
    assert "tile" not in text


def test_the_table_gives_the_same_figures_overseas_too(client, listing, events):
    text = client.get(listing.url + "map/").text
    table = text[text.index("<table") : text.index("</table>")]
    assert '69 – <span lang="fr">Rhône</span></a>' in table and "<td>2</td>" in table
    assert '59 – <span lang="fr">Nord</span></a>' in table
    # La Réunion is not on the drawing; the table says so.
    assert (
        '974 – <span lang="fr">La Réunion</span></a> <span' in table and "hors de la carte" in table
    )
    assert "Marseille" not in table and "13 –" not in table  # past events do not count
    assert "4 événements à venir en personne" in text  # the online one is not on a map


def test_a_departements_link_lists_its_events(client, listing, events):
    text = client.get(listing.url, {"departement": "69"}).text
    assert "Réunion à Lyon" in text and "Porte-à-porte à Lyon" in text
    assert "Tractage à Lille" not in text


def test_a_candidate_site_maps_only_its_own_events(client, events, other_site):
    make_event(other_site, slug="chez-nous", title="Chez nous", postcode="59000", town="Lille")
    page = other_site.root_page.add_child(instance=EventIndexPage(title="Agenda", slug="agenda"))
    page.save_revision().publish()
    text = client.get(page.url + "map/", HTTP_HOST="lyon.localhost").text
    assert "?departement=59" in text and "?departement=69" not in text
