from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from rostra import signals
from rostra.sitesettings.models import BrandSettings, LegalNoticeSettings, NavigationSettings
from wagtail.models import Collection, GroupPagePermission, Page, Site

from rostra_network import access, provisioning
from rostra_network.models import CandidateProfile, CandidateSite
from rostra_network.tests.conftest import provision


def test_one_step_creates_site_pages_team_and_invitation(
    blueprint, client, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, site, candidate, **kwargs):
        received.append((site, candidate))

    signals.candidate_site_created.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            candidate = provision("Alice Martin", "lyon", communes=["69123"])
    finally:
        signals.candidate_site_created.disconnect(listener)

    site = candidate.site
    assert (site.hostname, site.site_name) == ("lyon.localhost", "Alice Martin")
    assert received == [(site, candidate)]
    home = site.root_page.specific
    titles = [page.title for page in home.get_children()]
    assert titles[:2] == ["Alice Martin", "News"]
    assert "Our petition" in titles and "Donate" in titles
    assert titles[-1] == "Legal notice"
    assert "Bienvenue sur mon site de campagne." in str(home.body)
    # The team: page permissions on this tree only, its own collection and profile.
    group = candidate.group
    assert set(GroupPagePermission.objects.filter(group=group).values_list("page", flat=True)) == {
        home.pk
    }
    assert candidate.collection.get_parent() == Collection.get_first_root_node()
    assert candidate.user.groups.get() == group
    assert not candidate.user.has_usable_password()
    assert CandidateProfile.objects.get(site=site).display_name == "Alice Martin"
    assert (candidate.region_code, candidate.departement_code) == ("84", "69")
    # Locked brand copied from the blueprint.
    assert BrandSettings.objects.get(site=site).primary_colour == "#224488"
    assert LegalNoticeSettings.objects.get(site=site).publisher_name == "Élan commun"
    # The invitation: a working link to choose a password.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lyon@example.org"]
    link = next(line for line in message.body.splitlines() if "/admin/password_reset/" in line)
    response = client.get(link.replace("http://testserver", ""), follow=True)
    assert response.status_code == 200
    assert b"new_password1" in response.content
    # The public site answers on its host name.
    response = client.get("/", HTTP_HOST="lyon.localhost")
    assert response.status_code == 200
    assert "Bienvenue sur mon site de campagne." in response.content.decode()


def test_main_menu_links_the_sites_own_pages(candidate_a):
    menu = NavigationSettings.objects.get(site=candidate_a.site).main_menu
    pages = [block.value["page"] for block in menu]
    assert all(page.get_site() == candidate_a.site for page in pages)


def test_the_footer_links_the_legal_notice_once_before_and_after_a_blueprint_change(
    candidate_a, blueprint, client
):
    from rostra_network import branding

    def legal_links():
        html = client.get("/", HTTP_HOST="lyon.localhost").content.decode()
        footer = html[html.index('class="site-footer__links"') :]
        return footer.count("/legal-notice/") + footer.count("/mentions-legales/")

    assert legal_links() == 1
    blueprint.footer_text = "<p>Nouvelle adresse du parti</p>"
    blueprint.save()
    branding.propagate(blueprint)
    assert legal_links() == 1


def test_failure_leaves_nothing_behind(blueprint):
    counts = _counts()
    failing = mock.patch.object(access, "create_team", side_effect=RuntimeError("disk full"))
    with failing, pytest.raises(RuntimeError):
        provision("Alice Martin", "lyon", communes=["69123"])
    assert _counts() == counts
    assert len(mail.outbox) == 0


def _counts():
    from django.contrib.auth.models import Group

    return (
        Site.objects.count(),
        Page.objects.count(),
        Collection.objects.count(),
        Group.objects.count(),
        get_user_model().objects.count(),
        CandidateSite.objects.count(),
    )


def test_bad_orders_get_clear_messages(candidate_a):
    with pytest.raises(provisioning.ProvisioningError) as error:
        provision("Autre", "lyon", communes=["99999"], email="not-an-address")
    message = str(error.value)
    assert "The slug “lyon” is already taken." in message
    assert "A site already answers at lyon.localhost." in message
    assert "“not-an-address” is not an email address." in message
    assert "Unknown commune codes (INSEE): 99999." in message
    with pytest.raises(provisioning.ProvisioningError, match="Give a constituency"):
        provision("Autre", "autre")


def test_command_single_site(blueprint, capsys):
    call_command(
        "provision_candidate_sites",
        name="Chloé Roux",
        slug="marseille",
        hostname="marseille",
        email="chloe@example.org",
        communes="13055",
    )
    candidate = CandidateSite.objects.get(slug="marseille")
    assert candidate.site.hostname == "marseille.localhost"
    assert "Created http://marseille.localhost/" in capsys.readouterr().out


def test_command_csv_with_progress_and_reruns(blueprint, tmp_path, capsys):
    file = tmp_path / "sites.csv"
    file.write_text(
        "name;slug;hostname;email;constituency;communes\n"
        "Alice Martin;lyon;lyon;alice@example.org;;69123\n"
        "Bruno Petit;lille;lille.example.net;bruno@example.org;;59350\n"
        "Sans Lieu;nulle-part;nulle;nul@example.org;;\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="1 rows failed"):
        call_command("provision_candidate_sites", csv=str(file), no_invite=True)
    out = capsys.readouterr()
    assert "2 created, 0 already there, 1 failed." in out.out
    assert (
        "line 4 (nulle-part): Give a constituency, a département or at least one commune."
        in out.err
    )
    assert "100% 3/3 sites" in out.err
    assert set(CandidateSite.objects.values_list("site__hostname", flat=True)) == {
        "lyon.localhost",
        "lille.example.net",
    }
    with pytest.raises(CommandError):
        call_command("provision_candidate_sites", csv=str(file), no_invite=True)
    assert "0 created, 2 already there, 1 failed." in capsys.readouterr().out
    assert CandidateSite.objects.count() == 2


def test_admin_provisions_one_site(
    blueprint, admin_user, client, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/network/provision/",
            {
                "name": "Chloé Roux",
                "slug": "",
                "hostname": "marseille",
                "email": "chloe@example.org",
                "constituency": "",
                "communes": "13055",
            },
            follow=True,
        )
    assert "Site created at http://marseille.localhost" in response.content.decode()
    candidate = CandidateSite.objects.get(slug="chloe-roux")
    assert mail.outbox[0].to == ["chloe@example.org"]
    assert "Chloé Roux" in client.get("/admin/network/").content.decode()
    assert candidate.site.hostname == "marseille.localhost"


def test_admin_shows_why_a_site_was_not_created(candidate_a, admin_user, client):
    client.force_login(admin_user)
    response = client.post(
        "/admin/network/provision/",
        {
            "name": "X",
            "slug": "lyon",
            "hostname": "lyon",
            "email": "x@example.org",
            "communes": "69123",
        },
    )
    # Said once (the form's own errors and the summary above it showed it twice).
    assert response.content.decode().count("The slug “lyon” is already taken.") == 1
    assert CandidateSite.objects.count() == 1


def test_admin_bulk_shows_progress_and_report(blueprint, admin_user, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin_user)
    upload = SimpleUploadedFile(
        "sites.csv",
        b"name,slug,hostname,email,constituency,communes\n"
        b"Alice Martin,lyon,lyon,alice@example.org,,69123\n"
        b"Bad,bad,bad host,bad@example.org,,69123\n",
    )
    response = client.post("/admin/network/bulk/", {"file": upload}, follow=True)
    page = response.content.decode()
    assert '<progress max="100" value="100"' in page
    assert "2 of 2 sites (100 %)" in page
    assert "is not a host name" in page
    assert CandidateSite.objects.filter(slug="lyon").exists()


def test_admin_bulk_reads_a_french_excel_file(blueprint, admin_user, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin_user)
    # Windows-1252 and semicolons, as a French Excel saves "CSV"; line 3 is bad.
    content = (
        "Name;Slug;Hostname;Email;Constituency;Communes\r\n"
        "Éloïse Gaëtan;lyon;lyon;eloise@example.org;;69123\r\n"
        "Hélène Mauvais;bad;bad host;helene@example.org;;69123\r\n"
    ).encode("cp1252")
    upload = SimpleUploadedFile("sites.csv", content)
    page = client.post("/admin/network/bulk/", {"file": upload}, follow=True).content.decode()
    assert "2 of 2 sites (100 %)" in page
    assert "is not a host name" in page
    assert CandidateSite.objects.get(slug="lyon").site.site_name == "Éloïse Gaëtan"


def test_candidates_cannot_provision(candidate_a, client):
    client.force_login(candidate_a.user)
    for url in ("/admin/network/", "/admin/network/provision/", "/admin/network/bulk/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    response = client.post("/admin/network/provision/", {"name": "X"})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
