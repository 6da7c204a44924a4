"""Every URL of the plugin, walked as another event's host, as a candidate's
team member (a user who hosts nothing) and anonymously: nothing of an
attendee of an event they do not host reaches them."""

import pytest
from django.urls import URLPattern, get_resolver

from rostra_organising.events import links
from rostra_organising.events.models import EventIndexPage, EventPage, Rsvp
from rostra_organising.volunteering.models import Volunteer

from .conftest import make_event, rsvp


def _organising_routes():
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "organising":
            for inner in pattern.url_patterns:
                if isinstance(inner, URLPattern):
                    yield str(pattern.pattern) + str(inner.pattern)


def _fill(route, values):
    for name, value in values.items():
        route = route.replace(f"<int:{name}>", str(value)).replace(f"<str:{name}>", str(value))
    assert "<" not in route, f"the walk cannot fill {route}: add its parameter"
    return "/" + route


@pytest.fixture
def world(client, national_site, django_user_model):
    mine = make_event(national_site, slug="la-mienne", title="La mienne")
    theirs = make_event(national_site, slug="la-leur", title="La leur")
    host = django_user_model.objects.create_user("hote-a", "a@example.org", "pw")
    team = django_user_model.objects.create_user("equipe", "e@example.org", "pw")
    page = EventPage.objects.get(pk=mine.pk)
    page.hosts.add(host)
    page.save_revision().publish()
    rsvp(client, theirs, first_name="Secrète", last_name="Invitée", email="secret@example.org")
    agenda = national_site.root_page.add_child(instance=EventIndexPage(title="Agenda", slug="ag"))
    agenda.save_revision().publish()
    return {"host": host, "team": team, "theirs": theirs, "agenda": agenda}


def test_no_url_of_the_plugin_shows_another_events_attendee(client, world):
    theirs = Rsvp.objects.get(email="secret@example.org")
    # The same person's offer to volunteer: its link needs its own token.
    offered = Volunteer.objects.create(
        person=theirs.person, first_name="Secrète", last_name="Invitée", email=theirs.email
    )
    values = {"rsvp_id": theirs.pk, "event_id": world["theirs"].pk, "volunteer_id": offered.pk}
    paths = []
    for route in _organising_routes():
        if "token" in route:  # both kinds of token, and a forged one
            for purpose in (links.MANAGE, links.CHECKIN):
                token = links.token(theirs.pk, purpose)
                paths.append(_fill(route, values | {"token": token}))
        else:
            paths.append(_fill(route, values))
    assert len(paths) >= 5
    agenda = world["agenda"].url
    paths += [world["theirs"].url, agenda, agenda + "feed/", agenda + "embed/"]
    paths += ["/admin/organising/hosted/"]
    own_link = f"/_organising/rsvp/{theirs.pk}/{links.token(theirs.pk, links.MANAGE)}/"
    for who in (world["host"], world["team"], None):
        client.logout()
        if who is not None:
            client.force_login(who)
        for path in paths:
            for method in (client.get, client.post):
                response = method(path)
                assert response.status_code < 500, (path, response.status_code)
                text = response.content.decode(errors="replace")
                if path == own_link:
                    continue  # the person's own link: they see their RSVP (and may cancel it)
                assert "secret@example.org" not in text, (who, path)
                assert "Invitée" not in text, (who, path)
    theirs.refresh_from_db()
    assert theirs.attended_at is None  # no check-in by anyone not hosting it
