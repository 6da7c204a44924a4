"""Every URL of the plugin, walked as another event's host, as another
group's organiser, as a candidate's team member (a user who hosts and
organises nothing) and anonymously: nothing of an attendee of an event they do
not host, nor of a member of a group they do not organise, reaches them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import URLPattern, get_resolver

from rostra_organising import links as signed
from rostra_organising.events import links, proposing
from rostra_organising.events.models import EventIndexPage, EventPage, Rsvp
from rostra_organising.events.proposals import EventProposal
from rostra_organising.groups.models import Membership
from rostra_organising.messaging import OrganiserMessage
from rostra_organising.volunteering.messages import OFFER
from rostra_organising.volunteering.models import Volunteer

from .conftest import join, make_event, make_group, rsvp
from .test_proposals import propose


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
    organiser = django_user_model.objects.create_user("orga-a", "o@example.org", "pw")
    make_group(national_site, slug="le-mien", title="Le mien", organisers=[organiser])
    their_group = make_group(national_site, slug="le-leur", title="Le leur")
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for user in (host, team, organiser):  # into the admin: its screens are walked for real
        user.user_permissions.add(access)
    join(client, their_group, first_name="Secrète", last_name="Invitée", email="secret@example.org")
    # Two supporter-hosted events: the walking host's (a supporter, holding the
    # link to their own), and another host's, whose attendee is the secret one.
    agenda_page = national_site.root_page.add_child(
        instance=EventIndexPage(title="Proposés", slug="proposes")
    )
    moderator = django_user_model.objects.create_superuser("moderation", "m@example.org", "pw")
    hosted = {}
    for slug, email in (("sien", "hote.walk@example.org"), ("autre", "autre.hote@example.org")):
        proposed = propose(client, agenda_page, email=email, title=f"Proposé {slug}")
        assert proposed.status_code == 200
        proposal = EventProposal.objects.get(email=email)
        hosted[slug] = (proposal, proposing.approve(proposal, moderator))
    rsvp(
        client,
        hosted["autre"][1],
        first_name="Secrète",
        last_name="Invitée",
        email="secret@example.org",
    )
    agenda = national_site.root_page.add_child(instance=EventIndexPage(title="Agenda", slug="ag"))
    agenda.save_revision().publish()
    return {
        "host": host,
        "team": team,
        "organiser": organiser,
        "theirs": theirs,
        "their_group": their_group,
        "proposal": hosted["autre"][0],
        "own_proposal": hosted["sien"][0],
        "agenda": agenda,
    }


def test_no_url_of_the_plugin_shows_another_events_attendee(client, world):
    theirs = Rsvp.objects.get(email="secret@example.org", event=world["theirs"])
    member = Membership.objects.get(email="secret@example.org")
    proposal = world["proposal"]
    # The same person's offer to volunteer: its link needs its own token.
    offered = Volunteer.objects.create(
        person=theirs.person, first_name="Secrète", last_name="Invitée", email=theirs.email
    )
    values = {
        "rsvp_id": theirs.pk,
        "event_id": world["theirs"].pk,
        "membership_id": member.pk,
        "proposal_id": proposal.pk,
        "volunteer_id": offered.pk,
    }
    ids = {
        "rsvp": theirs.pk,
        "scan": theirs.pk,
        "member": member.pk,
        "host": proposal.pk,
        "volunteer": offered.pk,
    }
    paths = []
    for route in _organising_routes():
        if "<str:token>" in route:  # every kind of token (the others are forged for it)
            row_id = ids[route.split("/")[1]]
            for purpose in (links.MANAGE, links.CHECKIN, signed.MEMBER, signed.HOST, OFFER):
                token = links.token(row_id, purpose)
                paths.append(_fill(route, values | {"token": token}))
        else:
            paths.append(_fill(route, values))
    assert len(paths) >= 5
    agenda = world["agenda"].url
    paths += [world["theirs"].url, agenda, agenda + "feed/", agenda + "embed/"]
    group = world["their_group"]
    paths += [group.url, group.url + "join/"]
    paths += ["/admin/organising/hosted/", "/admin/organising/groups/"]
    paths += ["/admin/organising/proposals/", f"/admin/organising/proposals/{proposal.pk}/"]
    agenda_page = EventIndexPage.objects.get(slug="proposes")
    paths += [agenda_page.url + "propose/"]
    # The supporter host walks with the link to their own event's list.
    own = world["own_proposal"]
    paths += [f"/_organising/host/{own.pk}/{links.token(own.pk, signed.HOST)}/"]
    paths += [
        f"/admin/organising/groups/{group.pk}/",
        f"/admin/organising/groups/{group.pk}/message/",
    ]
    own_links = {
        f"/_organising/rsvp/{theirs.pk}/{links.token(theirs.pk, links.MANAGE)}/",
        f"/_organising/member/{member.pk}/{links.token(member.pk, signed.MEMBER)}/",
        f"/_organising/volunteer/{offered.pk}/{links.token(offered.pk, OFFER)}/",
        # The other host's own link: theirs to see (the walkers cannot make it).
        f"/_organising/host/{proposal.pk}/{links.token(proposal.pk, signed.HOST)}/",
    }
    for who in (world["host"], world["organiser"], world["team"], None):
        client.logout()
        if who is not None:
            client.force_login(who)
        for path in paths:
            for method in (client.get, client.post):
                response = method(path)
                assert response.status_code < 500, (path, response.status_code)
                text = response.content.decode(errors="replace")
                if path in own_links:
                    continue  # the person's own link: they see their RSVP or membership
                assert "secret@example.org" not in text, (who, path)
                assert "Invitée" not in text, (who, path)
    theirs.refresh_from_db()
    assert theirs.attended_at is None  # no check-in by anyone not hosting it
    # Nor a message by anyone not organising the group or hosting the event,
    # nor a decision on a proposal by anyone not moderating its site.
    assert not OrganiserMessage.objects.exclude(event=world["own_proposal"].event).exists()
    proposal.refresh_from_db()
    assert proposal.event.live
    # The walk reached the host's page for real: their own link opens it.
    own_page = client.get(f"/_organising/host/{own.pk}/{links.token(own.pk, signed.HOST)}/")
    assert own_page.status_code == 200 and "Proposé sien" in own_page.text
