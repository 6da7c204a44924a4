"""Finding events: the listing's filters, the iCal feed, the embed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

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
    return {
        "lyon": make_event(national_site, slug="lyon", title="Réunion à Lyon", starts_at=soon),
        "villeurbanne": make_event(
            national_site, slug="villeurbanne", title="Porte-à-porte à Villeurbanne",
            kind="doors", postcode="69100", town="Villeurbanne",
            starts_at=soon - timedelta(hours=5),
        ),
        "lille": make_event(
            national_site, slug="lille", title="Tractage à Lille", kind="leaflets",
            postcode="59000", town="Lille", starts_at=soon + timedelta(days=10),
        ),
        "vienne": make_event(
            national_site, slug="vienne", title="Marché de Vienne", kind="leaflets",
            postcode="38200", town="Vienne", starts_at=soon - timedelta(hours=8),
        ),
        "past": make_event(
            national_site, slug="passe", title="Déjà passé",
            starts_at=timezone.now() - timedelta(days=2),
        ),
    }  # fmt: skip


def _titles(response):
    return [
        title
        for title in ("Réunion à Lyon", "Porte-à-porte à Villeurbanne", "Tractage à Lille")
        if title in response.text
    ]


def test_near_a_postcode_lists_events_within_the_radius_nearest_first(client, listing, events):
    response = client.get(listing.url, {"postcode": "69003", "radius": "25"})
    assert response.status_code == 200
    text = response.text
    # Vienne is about 26 km from Lyon's 3rd arrondissement: outside 25 km.
    assert "Marché de Vienne" not in text
    assert "Tractage à Lille" not in text and "Déjà passé" not in text
    # Lyon (the postcode's own arrondissement) before Villeurbanne, though it starts later.
    assert text.index("Réunion à Lyon") < text.index("Porte-à-porte à Villeurbanne")
    assert "moins d’1 km" in text or "moins d'1 km" in text
    assert "à 2 km" in text  # Villeurbanne's centre from the 3rd arrondissement's: 2.5 km
    assert "dans un rayon de 25 km" in text


def test_a_wider_radius_reaches_further(client, listing, events):
    text = client.get(listing.url, {"postcode": "69003", "radius": "50"}).text
    assert text.index("Porte-à-porte à Villeurbanne") < text.index("Marché de Vienne")
    assert "Tractage à Lille" not in text
    narrow = client.get(listing.url, {"postcode": "69100", "radius": "5"}).text
    assert "Porte-à-porte à Villeurbanne" in narrow and "Marché de Vienne" not in narrow


def test_the_radius_is_one_of_the_choices(client, listing, events):
    response = client.get(listing.url, {"postcode": "69003", "radius": "5000"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.text
    assert "dans un rayon de" not in response.text  # no radius was applied


def test_an_event_stores_its_communes_centre(national_site, events):
    lyon = events["lyon"]  # 69003: Lyon's 3rd arrondissement
    assert (round(lyon.latitude, 2), round(lyon.longitude, 2)) == (45.75, 4.87)
    assert make_event(national_site, slug="en-ligne", online=True).latitude is None


def test_filters_by_type_and_date(client, listing, events):
    assert _titles(client.get(listing.url, {"kind": "leaflets"})) == ["Tractage à Lille"]
    later = (timezone.now() + timedelta(days=7)).date().isoformat()
    assert _titles(client.get(listing.url, {"start": later})) == ["Tractage à Lille"]
    assert "Déjà passé" not in client.get(listing.url).text


def test_a_bad_postcode_says_so(client, listing, events):
    response = client.get(listing.url, {"postcode": "00000"})
    assert response.status_code == 200
    assert "existe pas en France" in response.text


def test_the_ical_feed_holds_the_events_to_come(client, listing, events):
    response = client.get(listing.url + "feed/")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = sorted(str(item["summary"]) for item in calendar.walk("VEVENT"))
    assert summaries == [
        "Marché de Vienne",
        "Porte-à-porte à Villeurbanne",
        "Réunion à Lyon",
        "Tractage à Lille",
    ]


def test_the_embed_may_be_framed_and_fetches_nothing_elsewhere(client, listing, events):
    response = client.get(listing.url + "embed/")
    assert response.status_code == 200
    assert "Réunion à Lyon" in response.text
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert "https://" not in response.text.replace("http://localhost", "")


def test_a_candidate_site_lists_only_its_own_events(client, events, other_site):
    own = make_event(other_site, slug="chez-nous", title="Chez nous à Lyon")
    page = other_site.root_page.add_child(instance=EventIndexPage(title="Agenda", slug="agenda"))
    page.save_revision().publish()
    response = client.get(page.url, HTTP_HOST="lyon.localhost")
    assert own.title in response.text and "Réunion à Lyon" not in response.text
