"""Supporter-hosted events: proposed on a site's listing, approved or declined
by a moderator of that site only; the host's link shows their RSVPs masked
and writes to the attendees."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone
from rostra.people.masking import MASK
from wagtail.models import GroupPagePermission

from rostra_organising.events.models import EventIndexPage, EventPage
from rostra_organising.events.proposals import EventProposal
from rostra_organising.messaging import OrganiserMessage

from .conftest import committed, form_data, last_mail_to, rsvp


def listing_on(site):
    page = site.root_page.add_child(instance=EventIndexPage(title="Agenda", slug="agenda"))
    page.save_revision().publish()
    return EventIndexPage.objects.get(pk=page.pk)


def moderator_of(site, name, django_user_model):
    """A user who may publish pages of ``site`` only (as a candidate's team)."""
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    team = Group.objects.create(name=f"team {name}")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=team,
            page=site.root_page,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    team.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(team)
    return user


def proposal_data(**overrides):
    starts = timezone.localtime(timezone.now() + timedelta(days=5), timezone.get_fixed_timezone(60))
    data = form_data(
        title="Apéro militant au parc",
        kind="social",
        intro="On se retrouve pour parler de la campagne.",
        starts_at=starts.strftime("%Y-%m-%dT18:00"),
        ends_at=starts.strftime("%Y-%m-%dT20:00"),
        venue="Parc de la Tête d'Or",
        address="Place Général Leclerc",
        event_postcode="69006",
        town="Lyon",
        capacity="20",
        accessibility="Allées accessibles.",
        first_name="Hôte",
        last_name="Bénévole",
        email="hote.benevole@example.org",
    )
    data.pop("phone", None)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def propose(client, listing, **overrides):
    with committed():
        return client.post(
            listing.url + "propose/", proposal_data(**overrides), REMOTE_ADDR="192.0.2.30"
        )


@pytest.fixture
def listing(national_site):
    return listing_on(national_site)


def test_a_proposal_approved_by_a_moderator_is_published_and_its_host_sees_their_rsvps(
    client, listing, national_site, django_user_model
):
    assert client.get(listing.url + "propose/").status_code == 200
    assert propose(client, listing).status_code == 200
    proposal = EventProposal.objects.get()
    assert (proposal.status, proposal.person.email) == ("pending", "hote.benevole@example.org")
    last_mail_to("hote.benevole@example.org")  # told it was received
    assert not EventPage.objects.exists()

    moderator = moderator_of(national_site, "moderatrice", django_user_model)
    client.force_login(moderator)
    assert proposal.title in client.get("/admin/organising/proposals/").text
    with committed():
        response = client.post(f"/admin/organising/proposals/{proposal.pk}/", {"action": "approve"})
    assert response.status_code == 302
    event = EventPage.objects.get()
    assert event.live and event.get_parent().pk == listing.pk
    assert event.host_names == "Hôte B." and event.postcode == "69006"
    assert timezone.localtime(event.starts_at, timezone.get_fixed_timezone(60)).hour == 18
    host_link = [
        line
        for line in last_mail_to("hote.benevole@example.org").body.split()
        if "/_organising/host/" in line
    ][0]
    client.logout()

    rsvp(client, event, email="camille.durand@example.org")
    page = client.get(host_link)
    assert page.status_code == 200
    assert "Camille Durand" in page.text and "camille.durand@example.org" not in page.text
    assert MASK in page.text
    mail.outbox.clear()
    with committed():
        client.post(host_link, {"subject": "Le lieu", "body": "Rendez-vous à l'entrée nord."})
    assert [m.to for m in mail.outbox] == [["camille.durand@example.org"]]
    assert "Rendez-vous à l'entrée nord." in mail.outbox[0].body
    assert OrganiserMessage.objects.get().event_id == event.pk
    # A forged link, or one for another proposal, opens nothing.
    assert client.get(host_link.replace(host_link.split("/")[-2], "0" * 32)).status_code == 404


def test_only_a_moderator_of_that_site_decides(
    client, listing, national_site, other_site, django_user_model
):
    propose(client, listing)
    proposal = EventProposal.objects.get()
    elsewhere = moderator_of(other_site, "ailleurs", django_user_model)
    client.force_login(elsewhere)
    assert proposal.title not in client.get("/admin/organising/proposals/").text
    response = client.post(f"/admin/organising/proposals/{proposal.pk}/", {"action": "approve"})
    assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"
    proposal.refresh_from_db()
    assert proposal.status == "pending" and not EventPage.objects.exists()


def test_the_moderators_list_is_wagtails_filtered_sorted_and_scoped_to_their_site(
    client, listing, national_site, other_site, django_user_model
):
    propose(client, listing, title="Apéro au parc")
    propose(client, listing, title="Banquet républicain")
    propose(client, listing, title="Marché de Villeurbanne")
    # Made on the candidate's own listing.
    EventProposal.objects.filter(title="Marché de Villeurbanne").update(
        listing=listing_on(other_site)
    )
    EventProposal.objects.filter(title="Banquet républicain").update(status="declined")
    team = moderator_of(other_site, "equipe", django_user_model)
    client.force_login(team)
    shown = client.get("/admin/organising/proposals/").text
    assert "Marché de Villeurbanne" in shown
    assert "Apéro au parc" not in shown and "Banquet républicain" not in shown
    # Nothing is added or edited here: Wagtail's own refusal.
    own = EventProposal.objects.get(title="Marché de Villeurbanne")
    for path in ("new/", f"edit/{own.pk}/", f"delete/{own.pk}/"):
        response = client.get(f"/admin/organising/proposals/{path}")
        assert response.status_code in (302, 403) and response.get("Location", "/admin/") == (
            "/admin/"
        )

    client.force_login(moderator_of(national_site, "nationale", django_user_model))
    listed = client.get("/admin/organising/proposals/", {"ordering": "title"}).text
    assert listed.index("Apéro au parc") < listed.index("Banquet républicain")
    assert "Marché de Villeurbanne" not in listed
    assert 'data-controller="w-drilldown"' in listed  # the filters drawer
    pending = client.get("/admin/organising/proposals/", {"status": "pending"}).text
    assert "Apéro au parc" in pending and "Banquet républicain" not in pending


def test_a_declined_proposal_tells_its_host_why(client, listing, national_site, django_user_model):
    propose(client, listing)
    proposal = EventProposal.objects.get()
    client.force_login(moderator_of(national_site, "moderateur", django_user_model))
    with committed():
        client.post(
            f"/admin/organising/proposals/{proposal.pk}/",
            {"action": "decline", "decline_reason": "Un autre événement a lieu ce soir-là."},
        )
    proposal.refresh_from_db()
    assert proposal.status == "declined" and not EventPage.objects.exists()
    assert "Un autre événement a lieu ce soir-là." in last_mail_to("hote.benevole@example.org").body


def test_the_form_refuses_a_past_date_an_unplaceable_town_and_a_robot(client, listing):
    assert propose(client, listing, starts_at="2020-01-01T18:00").status_code == 400
    assert propose(client, listing, event_postcode="00000").status_code == 400
    assert propose(client, listing, altcha="").status_code == 400
    assert propose(client, listing, website="http://spam.example").status_code == 200
    assert not EventProposal.objects.exists()


def test_proposals_are_exported_and_erased(client, listing):
    from rostra.people import api

    propose(client, listing)
    proposal = EventProposal.objects.get()
    assert "Apéro militant au parc" in str(api.export_data(proposal.person))
    api.erase(proposal.person)
    proposal.refresh_from_db()
    assert proposal.email == "" and proposal.last_name == ""
