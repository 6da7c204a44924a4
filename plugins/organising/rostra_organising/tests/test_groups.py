"""Local groups: joining (the short form, or one click signed in), the
member's own link, the organiser's masked list of members and their message."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from rostra import plugins, signals
from rostra.people import api
from rostra.people.masking import MASK
from rostra.people.models import ConsentState, Person
from rostra.sitesettings.models import PluginSettings

from rostra_organising.apps import GROUP_NEWS
from rostra_organising.groups.forms import CONSENT_WORDING
from rostra_organising.groups.models import Membership
from rostra_organising.messaging import OrganiserMessage

from .conftest import committed, join, last_mail_to, link_in, make_event, make_group


def admin_access(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture
def organiser(django_user_model):
    return admin_access(django_user_model.objects.create_user("orga", "orga@example.org", "pw"))


@pytest.fixture
def group(national_site, organiser):
    return make_group(national_site, organisers=[organiser])


def refused(response):
    """Wagtail turns a PermissionDenied into a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == "/admin/"
    )


def confirm(client, email):
    link = link_in(last_mail_to(email), "member")
    with committed():
        client.post(link, {"action": "confirm"})
    return link


def test_the_short_form_makes_a_member_and_the_link_proves_the_address(client, group):
    response = join(client, group)
    assert response.status_code == 200
    assert "/_organising/" not in response.text  # the link goes by email only
    member = Membership.objects.get()
    assert (member.group, member.email, member.consent_granted) == (
        group,
        "camille.durand@example.org",
        True,
    )
    assert member.consent_wording == str(CONSENT_WORDING)
    assert not member.reachable  # not before the address is proved
    assert not ConsentState.objects.filter(purpose=GROUP_NEWS).exists()
    confirm(client, "camille.durand@example.org")
    member.refresh_from_db()
    assert member.reachable
    assert ConsentState.objects.get(person=member.person, purpose=GROUP_NEWS).granted


def test_joining_twice_keeps_one_membership_and_one_email(client, group):
    join(client, group)
    response = join(client, group)
    assert "Vous êtes déjà membre" in response.text
    assert Membership.objects.count() == 1
    assert len([m for m in mail.outbox if "camille.durand@example.org" in m.to]) == 1


def test_the_form_refuses_a_missing_proof_of_work_and_a_robot(client, group):
    assert join(client, group, altcha="").status_code == 400
    assert join(client, group, website="http://spam.example").status_code == 200
    assert not Membership.objects.exists() and not Person.objects.exists()
    assert not mail.outbox


def test_a_signed_in_supporter_joins_in_one_click(client, group, django_user_model):
    user = django_user_model.objects.create_user(
        "lea", "lea@example.org", "pw", first_name="Léa", last_name="Bernard"
    )
    client.force_login(user)
    page = client.get(group.url)
    assert 'name="one_click"' in page.text
    with committed():
        response = client.post(group.url + "join/", {"one_click": "1"})
    assert response.status_code == 200
    member = Membership.objects.get()
    assert member.reachable and member.person.email == "lea@example.org"
    assert ConsentState.objects.get(person=member.person, purpose=GROUP_NEWS).granted
    # Anonymous, the button is not offered: the form is (its proof of work with it).
    client.logout()
    assert client.post(group.url + "join/", {"one_click": "1"}).status_code == 400
    assert Membership.objects.count() == 1


def test_the_link_leaves_the_group_and_a_forged_one_opens_nothing(client, group):
    join(client, group)
    link = link_in(last_mail_to("camille.durand@example.org"), "member")
    member = Membership.objects.get()
    assert client.get(link.replace(link.split("/")[-2], "0" * 32)).status_code == 404
    client.post(link, {"action": "leave"})
    member.refresh_from_db()
    assert member.left_at is not None
    join(client, group)  # and may come back
    assert Membership.objects.filter(left_at__isnull=True).count() == 1


def test_an_organiser_sees_their_members_masked_and_no_other_group(
    client, group, organiser, national_site, django_user_model
):
    join(client, group)  # no consent on the email channel for organisers' eyes yet
    other = make_group(national_site, slug="autre", title="Autre groupe")
    join(client, other, email="secret@example.org", last_name="Invisible")
    client.force_login(organiser)
    listing = client.get("/admin/organising/groups/")
    assert group.title in listing.text and "Autre groupe" not in listing.text
    members = client.get(f"/admin/organising/groups/{group.pk}/")
    assert "Camille Durand" in members.text
    assert "camille.durand@example.org" not in members.text and MASK in members.text
    for path in (
        f"/admin/organising/groups/{other.pk}/",
        f"/admin/organising/groups/{other.pk}/message/",
    ):
        assert refused(client.get(path))
    # With a consent on the email channel, the address shows.
    api.record_consent(Membership.objects.get(group=group).person, purpose=GROUP_NEWS, granted=True)
    assert "camille.durand@example.org" in client.get(f"/admin/organising/groups/{group.pk}/").text


def test_the_members_list_is_wagtails_searched_and_sorted(client, group, organiser):
    join(client, group)
    join(client, group, email="alix.zola@example.org", first_name="Alix", last_name="Zola")
    client.force_login(organiser)
    page = client.get(f"/admin/organising/groups/{group.pk}/", {"ordering": "-last_name"}).text
    assert page.index("Alix Zola") < page.index("Camille Durand")
    found = client.get(f"/admin/organising/groups/{group.pk}/results/", {"q": "zola"}).text
    assert "Alix Zola" in found and "Camille Durand" not in found
    # A masked address is not searched.
    assert (
        "Alix Zola"
        not in client.get(f"/admin/organising/groups/{group.pk}/results/", {"q": "alix.zola@"}).text
    )
    assert group.title in client.get("/admin/organising/groups/results/").text
    assert group.title in client.get("/admin/organising/groups/", {"q": "lyon"}).text
    assert group.title not in client.get("/admin/organising/groups/", {"q": "zzz"}).text


def test_the_message_reaches_the_members_who_agreed_only(client, group, organiser):
    join(client, group)
    confirm(client, "camille.durand@example.org")
    join(client, group, email="sans.accord@example.org", consent=None)
    confirm(client, "sans.accord@example.org")
    join(client, group, email="pas.confirme@example.org")
    mail.outbox.clear()
    client.force_login(organiser)
    with committed():
        response = client.post(
            f"/admin/organising/groups/{group.pk}/message/",
            {"subject": "Tractage samedi", "body": "Rendez-vous à 10 h au marché."},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["camille.durand@example.org"]]
    assert "Rendez-vous à 10 h au marché." in mail.outbox[0].body
    assert "/_organising/member/" in mail.outbox[0].body  # the way to leave
    kept = OrganiserMessage.objects.get()
    assert (kept.group_id, kept.author, kept.recipients) == (group.pk, organiser, 1)


def test_a_mailings_plugin_may_send_the_message_itself(client, group, organiser, national_site):
    # The mailings plugin is off here: the receiver below stands for one.
    PluginSettings.objects.update_or_create(
        site=national_site, defaults={"enabled": sorted(plugins.default_labels() - {"mailings"})}
    )
    join(client, group)
    confirm(client, "camille.durand@example.org")
    mail.outbox.clear()
    heard = []

    def take_over(sender, message, person_ids, **kwargs):
        heard.append(person_ids)
        return True

    signals.organiser_wrote.connect(take_over)
    try:
        client.force_login(organiser)
        with committed():
            client.post(
                f"/admin/organising/groups/{group.pk}/message/", {"subject": "S", "body": "B"}
            )
    finally:
        signals.organiser_wrote.disconnect(take_over)
    assert heard == [[Membership.objects.get().person_id]]
    assert not mail.outbox and OrganiserMessage.objects.get().sent_by_plugin


def test_the_group_page_lists_its_own_events(client, group, national_site):
    make_event(national_site, slug="tractage", title="Tractage du groupe", group=group)
    make_event(national_site, slug="ailleurs", title="Réunion d'un autre")
    page = client.get(group.url)
    assert "Tractage du groupe" in page.text and "Réunion d'un autre" not in page.text


def test_memberships_are_exported_merged_and_erased(client, group):
    join(client, group)
    person = Membership.objects.get().person
    assert "Groupe local de Lyon 3e" in str(api.export_data(person))
    other, _ = api.find_or_create(email="autre@example.org")
    join(client, group, email="autre@example.org")
    api.merge(other, person)
    assert Membership.objects.filter(person=other, left_at__isnull=True).count() == 1
    api.erase(other)
    assert not Membership.objects.filter(left_at__isnull=True).exists()
    assert not Membership.objects.exclude(email="").exists()
