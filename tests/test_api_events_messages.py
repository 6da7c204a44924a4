"""Events and attendances (the organising plugin's) and messages (the mailings
plugin's) through the API: OSDI-shaped, registered through rostra.osdi's hook
(the API plugin imports neither), narrowed to the key's site and, for a
candidate's key, to their territory; gone while their plugin is switched off
for the key's site."""

import datetime

import pytest
from django.utils import timezone
from rostra import plugins
from rostra.people import api
from rostra.sitesettings.models import PluginSettings
from rostra_api.tests.conftest import ApiClient, key_for
from rostra_mailings.models import Mailing, Recipient
from rostra_network.tests.conftest import provision
from rostra_organising.events.models import Rsvp
from rostra_organising.tests.conftest import make_event

from tests.test_api_scoping import blueprint, read_all  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
SCOPES = dict.fromkeys(("people", "events", "attendances", "messages"), ["read"])
BASE = "/api/osdi/v1/"


def supporter(email, postcode, commune=""):
    person, _ = api.find_or_create(
        email=email, first_name="Anne", last_name="Martin", postcode=postcode, commune=commune
    )
    return person


def rsvp_of(event, person, status=Rsvp.Status.CONFIRMED, **fields):
    return Rsvp.objects.create(
        event=event,
        person=person,
        status=status,
        first_name=person.first_name,
        last_name=person.last_name,
        email=person.email,
        postcode=person.postcode,
        **fields,
    )


def sent_mailing(site, subject, people):
    started = timezone.now() - datetime.timedelta(hours=1)
    mailing = Mailing.objects.create(
        site=site,
        subject=subject,
        status=Mailing.Status.SENT,
        started_at=started,
        finished_at=started + datetime.timedelta(minutes=5),
    )
    statuses = [Recipient.Status.SENT, Recipient.Status.BOUNCED]
    for number, person in enumerate(people):
        Recipient.objects.create(mailing=mailing, person=person, status=statuses[number % 2])
    return mailing


def ids(client, name, **query):
    url = f"{BASE}{name}"
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return sorted(read_all(client, url))


@pytest.fixture
def world(national_site, admin_user, blueprint):  # noqa: F811
    lyon = provision("Alice Martin", "lyon", communes=["69123"])
    lille = provision("Bruno Petit", "lille", communes=["59350"])
    people = {
        "lyon": supporter("lyon@example.org", "69002"),
        "lille": supporter("lille@example.org", "59000", "Lille"),
        "paris": supporter("paris@example.org", "75011"),
    }
    events = {
        "national": make_event(national_site, slug="meeting-paris", postcode="75011", town="Paris"),
        "lyon": make_event(lyon.site, slug="reunion-lyon"),
        "lille": make_event(lille.site, slug="reunion-lille", postcode="59000", town="Lille"),
        "lyon_online": make_event(lyon.site, slug="visio-lyon", online=True),
    }
    rsvps = {
        "lyon_by_lyon": rsvp_of(events["lyon"], people["lyon"]),
        # Someone from Paris at the Lyon meeting: outside the Lyon candidate's territory.
        "lyon_by_paris": rsvp_of(events["lyon"], people["paris"], Rsvp.Status.WAITLISTED),
        "lille_by_lille": rsvp_of(events["lille"], people["lille"]),
        "national_by_lyon": rsvp_of(events["national"], people["lyon"]),
    }
    draft = Mailing.objects.create(site=lyon.site, subject="Brouillon")
    mailings = {
        "national": sent_mailing(national_site, "Lettre nationale", list(people.values())),
        "lyon": sent_mailing(lyon.site, "Lettre de Lyon", [people["lyon"]]),
        "lille": sent_mailing(lille.site, "Lettre de Lille", [people["lille"]]),
        "lyon_draft": draft,
    }
    keys = {
        "national": key_for(national_site, admin_user, SCOPES)[1],
        "lyon": key_for(lyon.site, lyon.user, SCOPES)[1],
        "lille": key_for(lille.site, lille.user, SCOPES)[1],
    }
    return {
        "sites": {"national": national_site, "lyon": lyon.site, "lille": lille.site},
        "people": people,
        "events": events,
        "rsvps": rsvps,
        "mailings": mailings,
        "keys": {name: ApiClient(token) for name, token in keys.items()},
    }


def test_the_entry_point_links_events_attendances_and_messages(world):
    links = world["keys"]["national"].get(BASE).json()["_links"]
    for name in ("events", "attendances", "messages"):
        assert links[f"osdi:{name}"]["href"].endswith(f"{BASE}{name}")


def test_an_event_reads_as_osdi(world):
    events, client = world["events"], world["keys"]["lyon"]
    event = client.get(f"{BASE}events/{events['lyon'].pk}").json()
    assert event["identifiers"] == [f"rostra:{events['lyon'].pk}"]
    assert event["title"] == "Réunion publique à Lyon"
    assert event["status"] == "confirmed"
    assert event["total_accepted"] == 1  # the waitlisted RSVP is not a seat taken
    assert event["capacity"] == 50
    assert event["location"]["postal_code"] == "69003"
    assert event["start_date"].endswith("Z") and event["modified_date"]
    href = event["_links"]["osdi:attendances"]["href"]
    assert href.endswith(f"attendances?event={events['lyon'].pk}")
    online = client.get(f"{BASE}events/{events['lyon_online'].pk}").json()
    assert online["rostra:online"] is True and "location" not in online
    # The link to join is shown only to those who RSVP'd, never to a tool.
    assert "visio.example.org" not in str(online)


def test_an_attendance_reads_as_osdi_and_links_its_event_and_person(world):
    rsvps, client = world["rsvps"], world["keys"]["national"]
    rsvp = rsvps["lyon_by_paris"]
    Rsvp.objects.filter(pk=rsvp.pk).update(
        status=Rsvp.Status.CONFIRMED, promoted_at=timezone.now() + datetime.timedelta(hours=1)
    )
    # The national key acts for the national site: its own events only.
    assert client.get(f"{BASE}attendances/{rsvp.pk}").status_code == 404
    lyon_site = world["sites"]["lyon"]
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="admin")
    national_on_lyon = ApiClient(key_for(lyon_site, admin, SCOPES)[1])
    found = national_on_lyon.get(f"{BASE}attendances/{rsvp.pk}").json()
    assert found["status"] == "accepted" and found["attended"] is False
    assert found["modified_date"] > found["created_date"]  # the promotion
    links = found["_links"]
    assert links["osdi:event"]["href"].endswith(f"events/{rsvp.event_id}")
    assert links["osdi:person"]["href"].endswith(f"people/{rsvp.person_id}")
    assert "paris@example.org" not in str(found)  # the person's details: at people/


def test_attendances_filter_by_event_and_modified_date(world):
    rsvps, events = world["rsvps"], world["events"]
    client = world["keys"]["lyon"]
    assert ids(client, "attendances", event=events["lyon"].pk) == [rsvps["lyon_by_lyon"].pk]
    assert ids(client, "attendances", event=events["lyon_online"].pk) == []
    later = timezone.now() + datetime.timedelta(days=1)
    Rsvp.objects.filter(pk=rsvps["lyon_by_lyon"].pk).update(attended_at=later)
    since = (later - datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    found = ids(client, "attendances", filter=f"modified_date gt '{since}'".replace(" ", "%20"))
    assert found == [rsvps["lyon_by_lyon"].pk]


def test_a_site_key_reads_its_own_events_attendances_and_messages_only(world):
    events, rsvps, mailings = world["events"], world["rsvps"], world["mailings"]
    lyon, lille, national = (world["keys"][name] for name in ("lyon", "lille", "national"))
    assert ids(lyon, "events") == sorted([events["lyon"].pk, events["lyon_online"].pk])
    assert ids(lille, "events") == [events["lille"].pk]
    assert ids(national, "events") == [events["national"].pk]
    # A candidate's key: the RSVPs to their site's events of people of their territory.
    assert ids(lyon, "attendances") == [rsvps["lyon_by_lyon"].pk]
    assert ids(lille, "attendances") == [rsvps["lille_by_lille"].pk]
    assert ids(national, "attendances") == [rsvps["national_by_lyon"].pk]
    # Sent mailings only, never a draft.
    assert ids(lyon, "messages") == [mailings["lyon"].pk]
    assert ids(lille, "messages") == [mailings["lille"].pk]
    assert ids(national, "messages") == [mailings["national"].pk]
    for name, pk in (
        ("events", events["lille"].pk),
        ("events", events["national"].pk),
        ("attendances", rsvps["lille_by_lille"].pk),
        ("attendances", rsvps["lyon_by_paris"].pk),
        ("attendances", rsvps["national_by_lyon"].pk),
        ("messages", mailings["lille"].pk),
        ("messages", mailings["national"].pk),
        ("messages", mailings["lyon_draft"].pk),
    ):
        assert lyon.get(f"{BASE}{name}/{pk}").status_code == 404, (name, pk)
    # A list narrowed to another site's event is empty, not theirs.
    assert ids(lyon, "attendances", event=events["lille"].pk) == []


def test_a_message_reads_as_osdi_with_its_counts(world):
    mailing = world["mailings"]["national"]
    message = world["keys"]["national"].get(f"{BASE}messages/{mailing.pk}").json()
    assert message["subject"] == "Lettre nationale"
    assert message["status"] == "sent"
    assert message["total_targeted"] == 3
    assert message["statistics"] == {"sent": 3, "bounced": 1, "failed": 0}
    assert message["modified_date"] == message["rostra:sent_end_date"]
    assert "@example.org" not in str(message)


def test_the_person_of_an_attendance_stays_masked_for_a_candidate_key(world):
    person = world["people"]["lyon"]
    lyon = world["keys"]["lyon"]
    attendance = lyon.get(f"{BASE}attendances/{world['rsvps']['lyon_by_lyon'].pk}").json()
    shown = lyon.get(attendance["_links"]["osdi:person"]["href"]).json()
    assert shown["email_addresses"] == [] and "email" in shown["rostra:masked"]
    assert person.email not in str(shown)


def test_switched_off_for_the_site_they_are_gone(world):
    site = world["sites"]["lyon"]
    labels = set(PluginSettings.chosen_for(site) or plugins.default_labels())
    PluginSettings.objects.update_or_create(
        site=site, defaults={"enabled": sorted(labels - {"organising", "mailings"})}
    )
    lyon = world["keys"]["lyon"]
    links = lyon.get(BASE).json()["_links"]
    assert not {"osdi:events", "osdi:attendances", "osdi:messages"} & set(links)
    for name in ("events", "attendances", "messages"):
        assert lyon.get(f"{BASE}{name}").status_code == 404
    assert lyon.get(f"{BASE}people").status_code == 200
    # Still served where they are switched on.
    assert world["keys"]["lille"].get(f"{BASE}events").status_code == 200
