"""Links stay right when sites change, although each process keeps every site's
root path between requests (rostra.pages.site_roots)."""

import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

from conftest import make_site
from rostra.pages import site_roots
from rostra.pages.models import StandardPage
from rostra.sitesettings.models import NavigationSettings

pytestmark = pytest.mark.django_db


def _menu_link_to(site, page):
    NavigationSettings.objects.update_or_create(
        site=site, defaults={"main_menu": [("link", {"label": "", "page": page, "url": ""})]}
    )


def test_a_menu_link_to_another_site_follows_that_site_when_it_changes(client, national_site):
    lyon = make_site("lyon.localhost", "Lyon")
    page = lyon.root_page.add_child(instance=StandardPage(title="Agir", slug="agir"))
    # The menu's target is a bare Page, as the page chooser stores it.
    _menu_link_to(national_site, Page.objects.get(pk=page.pk))
    assert 'href="http://lyon.localhost/agir/"' in client.get("/").content.decode()

    lyon.hostname = "lyon.elan.example"
    lyon.save()
    assert 'href="http://lyon.elan.example/agir/"' in client.get("/").content.decode()


def test_a_new_site_is_seen_by_the_next_request(client, national_site):
    client.get("/")  # the process keeps the list of one site
    marseille = make_site("marseille.localhost", "Marseille")
    page = marseille.root_page.add_child(instance=StandardPage(title="Agir", slug="agir"))
    _menu_link_to(national_site, page)
    assert 'href="http://marseille.localhost/agir/"' in client.get("/").content.decode()


def test_a_change_made_by_another_process_is_seen(client, national_site):
    lyon = make_site("lyon.localhost", "Lyon")
    page = lyon.root_page.add_child(instance=StandardPage(title="Agir", slug="agir"))
    _menu_link_to(national_site, page)
    assert 'href="http://lyon.localhost/agir/"' in client.get("/").content.decode()

    # Another process renames the host: no signal reaches this one, only what
    # that process's handlers leave in the shared cache.
    Site.objects.filter(pk=lyon.pk).update(hostname="lyon.elan.example")
    Site.clear_site_root_paths_cache()
    site_roots.changed()
    assert 'href="http://lyon.elan.example/agir/"' in client.get("/").content.decode()


def test_a_lost_token_never_reuses_the_old_list(client, national_site):
    lyon = make_site("lyon.localhost", "Lyon")
    page = lyon.root_page.add_child(instance=StandardPage(title="Agir", slug="agir"))
    _menu_link_to(national_site, page)
    client.get("/")
    Site.objects.filter(pk=lyon.pk).update(hostname="lyon.elan.example")
    cache.clear()  # a restarted or evicted cache: the token is gone with the list
    assert 'href="http://lyon.elan.example/agir/"' in client.get("/").content.decode()
