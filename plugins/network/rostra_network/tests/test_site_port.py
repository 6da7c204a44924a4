"""A site created in the admin, by the command or from a CSV file answers on
the port the national site is served on (8000 under `make run`, 443 in
production): its links, its invitation and the admin's "site created" message
name an address that works."""

import pytest
from django.core import mail
from django.core.management import call_command
from wagtail.models import Site

from rostra_network.models import CandidateSite


@pytest.fixture
def served_on_8000(national_site, blueprint):
    national_site.port = 8000
    national_site.save()
    return national_site


def test_a_site_created_in_the_admin_keeps_the_servers_port(
    served_on_8000, admin_user, client, django_capture_on_commit_callbacks
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
    assert "Site created at http://marseille.localhost:8000" in response.content.decode()
    site = CandidateSite.objects.get(slug="chloe-roux").site
    assert site.root_url == "http://marseille.localhost:8000"
    assert "http://marseille.localhost:8000/" in mail.outbox[0].body


def test_sites_from_the_command_and_a_csv_file_too(served_on_8000, tmp_path):
    call_command(
        "provision_candidate_sites",
        name="Chloé Roux",
        slug="marseille",
        hostname="marseille",
        email="chloe@example.org",
        communes="13055",
        no_invite=True,
    )
    file = tmp_path / "sites.csv"
    file.write_text(
        "name;slug;hostname;email;communes\nAlice Martin;lyon;lyon;a@example.org;69123\n"
    )
    call_command("provision_candidate_sites", csv=str(file), no_invite=True)
    assert set(Site.objects.values_list("port", flat=True)) == {8000}


def test_an_explicit_port_is_kept(served_on_8000):
    call_command(
        "provision_candidate_sites",
        name="Chloé Roux",
        slug="marseille",
        hostname="marseille.example.net",
        port=443,
        email="chloe@example.org",
        communes="13055",
        no_invite=True,
    )
    assert CandidateSite.objects.get().site.root_url == "https://marseille.example.net"
