"""The page gate of the plugin contract: every page type of every plugin is
gated by rostra.plugins.PluginPage, so where a plugin is switched off for a
site its page types cannot be created and its pages answer 404."""

import pytest
from django.apps import apps
from rostra import checks, plugins
from rostra.pages.models import CampaignPage, StandardPage
from rostra.sitesettings.models import PluginSettings
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site, get_page_models


def plugin_page_types():
    return [
        model
        for model in get_page_models()
        if isinstance(model._meta.app_config, plugins.PluginConfig)
    ]


def switch_off(label, site):
    enabled = [config.label for config in plugins.installed() if config.label != label]
    PluginSettings.objects.update_or_create(site=site, defaults={"enabled": enabled})


def test_every_page_type_of_every_plugin_is_gated():
    found = {model._meta.label for model in plugin_page_types()}
    assert {
        "petitions.PetitionIndexPage",
        "petitions.PetitionPage",
        "donations.DonationPage",
        "network.CandidateHomePage",
        "network.NetworkDirectoryPage",
    } <= found
    for model in plugin_page_types():
        assert issubclass(model, plugins.PluginPage), model._meta.label
    assert checks.plugin_page_types() == []


def test_start_up_refuses_an_ungated_or_misordered_page_type():
    class Ungated(CampaignPage):
        __module__ = "rostra.tests.sampleplugin.models"

        class Meta:
            abstract = True
            app_label = "sampleplugin"

    class RoutesFirst(RoutablePageMixin, plugins.PluginPage, CampaignPage):
        __module__ = "rostra.tests.sampleplugin.models"

        class Meta:
            abstract = True
            app_label = "sampleplugin"

    errors = checks.plugin_page_types(page_models=[Ungated, RoutesFirst, StandardPage])
    assert [(error.id, error.obj) for error in errors] == [
        ("rostra.E001", Ungated),
        ("rostra.E002", RoutesFirst),
    ]
    assert errors[1].msg == (
        "sampleplugin.RoutesFirst: RoutablePageMixin come(s) before rostra.plugins.PluginPage "
        "and would answer before the gate."
    )


@pytest.mark.django_db
@pytest.mark.parametrize("label", ["petitions", "donations", "network"])
def test_page_types_of_a_plugin_switched_off_cannot_be_created(
    label, national_site, other_site, admin_user, client
):
    switch_off(label, other_site)
    models = [model for model in plugin_page_types() if model._meta.app_label == label]
    for model in models:
        assert not model.can_create_at(other_site.root_page), model
    creatable_on_national = [m for m in models if m.can_create_at(national_site.root_page)]
    assert creatable_on_national  # the same page types, where the plugin is on

    client.force_login(admin_user)
    choose = client.get(f"/admin/pages/{other_site.root_page.pk}/add_subpage/")
    assert choose.status_code == 200
    content = choose.content.decode()
    for model in creatable_on_national:
        add_url = f"/admin/pages/add/{label}/{model._meta.model_name}/"
        assert add_url + f"{other_site.root_page.pk}/" not in content
        refused = client.get(add_url + f"{other_site.root_page.pk}/")
        assert (refused.status_code, refused["Location"]) == (302, "/admin/")
        assert client.get(add_url + f"{national_site.root_page.pk}/").status_code == 200


def add(model, parent, slug, **fields):
    return parent.add_child(instance=model(title=slug.capitalize(), slug=slug, **fields))


@pytest.mark.django_db
def test_a_page_cannot_be_moved_or_copied_to_a_site_where_its_plugin_is_off(
    national_site, other_site, admin_user
):
    section = add(
        apps.get_model("petitions", "PetitionIndexPage"), national_site.root_page, "petitions"
    )
    permissions = section.permissions_for_user(admin_user)
    assert section.can_move_to(other_site.root_page)
    assert permissions.can_copy_to(other_site.root_page)
    switch_off("petitions", other_site)
    assert not section.can_move_to(other_site.root_page)
    assert not permissions.can_copy_to(other_site.root_page)


# (plugin, page type, its sub-route or None)
GATED = [
    ("petitions", "PetitionIndexPage", None),
    ("donations", "DonationPage", "mes-dons/"),
    ("network", "NetworkDirectoryPage", None),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "model_name", "sub_route"), GATED)
def test_pages_of_a_plugin_switched_off_answer_404(
    label, model_name, sub_route, national_site, other_site, client
):
    model = apps.get_model(label, model_name)
    page = add(model, other_site.root_page, "gated")
    on_national = add(model, national_site.root_page, "gated")
    lyon = {"HTTP_HOST": "lyon.localhost"}
    urls = ["/gated/", *([f"/gated/{sub_route}"] if sub_route else [])]
    for url in urls:
        assert client.get(url, **lyon).status_code == 200, url
    assert "http://lyon.localhost/gated/" in client.get("/sitemap.xml", **lyon).content.decode()

    switch_off(label, other_site)
    for url in urls:
        assert client.get(url, **lyon).status_code == 404, url
        assert client.get(url).status_code == 200, url  # on the national site, still on
    assert "/gated/" not in client.get("/sitemap.xml", **lyon).content.decode()
    assert "http://localhost/gated/" in client.get("/sitemap.xml").content.decode()
    assert page.live and on_national.live  # nothing is unpublished or lost


@pytest.mark.django_db
def test_core_pages_under_a_gated_page_stay_up(national_site, client):
    candidate_home = add(apps.get_model("network", "CandidateHomePage"), _root(), "marseille")
    add(StandardPage, candidate_home, "programme")
    site = Site.objects.create(
        hostname="marseille.localhost", root_page=candidate_home, site_name="Marseille"
    )
    marseille = {"HTTP_HOST": "marseille.localhost"}
    assert client.get("/", **marseille).status_code == 200
    switch_off("network", site)
    assert client.get("/", **marseille).status_code == 404
    assert client.get("/programme/", **marseille).status_code == 200


def _root():
    return Page.get_first_root_node()
