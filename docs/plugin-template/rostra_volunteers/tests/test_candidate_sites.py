"""A new candidate site starts with the plugin's page (rostra.blueprint), built
by the network plugin, which knows nothing of this one."""

import pytest

from rostra_volunteers.models import VolunteerBlueprint, VolunteerPage

provisioning = pytest.importorskip("rostra_network.provisioning")


def provision():
    order = provisioning.Order(
        name="Alice Martin",
        slug="lyon",
        hostname="lyon.localhost",
        email="alice@example.org",
        communes=["69123"],
    )
    return provisioning.provision(order, invite=False)


def test_a_new_candidate_site_starts_with_a_volunteer_page_in_its_menu(site, client):
    from rostra.sitesettings.models import NavigationSettings

    candidate = provision()
    [page] = VolunteerPage.objects.descendant_of(candidate.site.root_page)
    assert (page.title, page.url_path.endswith("/benevoles/")) == ("Devenez bénévole", True)
    menu = NavigationSettings.objects.get(site=candidate.site).main_menu
    assert page.pk in [item.value["page"].pk for item in menu]
    response = client.get("/benevoles/", HTTP_HOST="lyon.localhost")
    assert "Comment souhaitez-vous aider ?" in response.content.decode()


def test_the_blueprint_can_leave_the_page_out(site):
    VolunteerBlueprint.objects.update_or_create(defaults={"with_page": False})
    candidate = provision()
    assert not VolunteerPage.objects.descendant_of(candidate.site.root_page).exists()
