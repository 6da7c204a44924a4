"""Check-in at the door: the host's phone page, the QR code's signed link,
attendance on the timeline, hosts limited to their own attendees, masked."""

import pytest
from rostra.people.models import TimelineEntry

from rostra_organising.events import links
from rostra_organising.events.models import EventPage, Rsvp

from .conftest import committed, make_event, rsvp


@pytest.fixture
def host(django_user_model):
    return django_user_model.objects.create_user("hote", "hote@example.org", "pw")


@pytest.fixture
def hosted(event, host):
    page = EventPage.objects.get(pk=event.pk)
    page.hosts.add(host)
    page.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def test_the_host_scans_the_qr_link_and_marks_the_person_present(client, hosted, host):
    rsvp(client, hosted)
    booked = Rsvp.objects.get()
    scan = f"/_organising/scan/{booked.pk}/{links.token(booked.pk, links.CHECKIN)}/"
    client.force_login(host)
    page = client.get(scan)
    assert page.status_code == 200 and "Camille Durand" in page.text
    assert 'name="viewport"' in page.text  # a phone page
    assert Rsvp.objects.get(pk=booked.pk).attended_at is None  # a GET marks nothing
    with committed():
        assert client.post(scan).status_code == 200
        client.post(scan)  # twice: one attendance, one timeline entry
    booked.refresh_from_db()
    assert booked.attended_at is not None and booked.checked_in_by == host
    entries = TimelineEntry.objects.filter(person=booked.person, data__attended=True)
    assert entries.count() == 1
    assert hosted.title in entries.get().summary


def test_a_forged_scan_link_is_refused(client, hosted, host):
    rsvp(client, hosted)
    booked = Rsvp.objects.get()
    client.force_login(host)
    manage_token = links.token(booked.pk, links.MANAGE)
    assert client.get(f"/_organising/scan/{booked.pk}/{manage_token}/").status_code == 404
    assert client.post(f"/_organising/scan/{booked.pk}/{'f' * 32}/").status_code == 404
    assert Rsvp.objects.get().attended_at is None


def test_the_host_searches_a_name_and_checks_in(client, hosted, host):
    rsvp(client, hosted)
    rsvp(client, hosted, first_name="Karim", last_name="Benali", email="karim@example.org")
    client.force_login(host)
    page = client.get(f"/_organising/checkin/{hosted.pk}/?q=benal")
    assert "Karim Benali" in page.text and "Camille" not in page.text
    karim = Rsvp.objects.get(email="karim@example.org")
    with committed():
        client.post(f"/_organising/checkin/{hosted.pk}/", {"rsvp": karim.pk})
    karim.refresh_from_db()
    assert karim.attended_at is not None


def test_the_host_sees_contacts_masked_without_consent(client, hosted, host):
    rsvp(client, hosted, consent="")
    client.force_login(host)
    page = client.get(f"/_organising/checkin/{hosted.pk}/")
    assert "Camille Durand" in page.text
    assert "camille.durand@example.org" not in page.text
    assert "••••••" in page.text


def test_only_the_events_hosts_get_in(client, hosted, host, national_site, django_user_model):
    other = make_event(national_site, slug="autre")
    rsvp(client, other, email="ailleurs@example.org")
    someone = Rsvp.objects.get(email="ailleurs@example.org")
    client.force_login(host)
    assert client.get(f"/_organising/checkin/{other.pk}/").status_code == 403
    scan = f"/_organising/scan/{someone.pk}/{links.token(someone.pk, links.CHECKIN)}/"
    assert client.post(scan).status_code == 403
    assert Rsvp.objects.get(pk=someone.pk).attended_at is None
    # A host's POST cannot reach another event's RSVP through their own page.
    assert (
        client.post(f"/_organising/checkin/{hosted.pk}/", {"rsvp": someone.pk}).status_code == 404
    )
    client.logout()
    response = client.get(f"/_organising/checkin/{hosted.pk}/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_host_lists_only_the_events_they_host(client, hosted, host, national_site):
    from django.contrib.auth.models import Permission

    make_event(national_site, slug="pas-la-mienne", title="Pas la mienne")
    host.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(host)
    page = client.get("/admin/organising/hosted/")
    assert page.status_code == 200
    assert hosted.title in page.text and "Pas la mienne" not in page.text
    assert f"/_organising/checkin/{hosted.pk}/" in page.text
