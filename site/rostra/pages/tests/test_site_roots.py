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


def test_page_urls_are_wagtails_with_the_site_count_kept(national_site):
    """CampaignPage.get_url counts the sites once per list, not per link: the
    same URLs as Wagtail's own Page.get_url, also when a site is added."""
    from django.test import RequestFactory

    about = national_site.root_page.add_child(instance=StandardPage(title="Qui", slug="qui"))
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    # One site: relative links, even without a request.
    assert about.get_url() == Page.get_url(about) == "/qui/"
    lyon = make_site("lyon.localhost", "Lyon")
    agir = lyon.root_page.add_child(instance=StandardPage(title="Agir", slug="agir"))
    about = StandardPage.objects.get(pk=about.pk)  # a page keeps the list it was given
    for page in (about, agir):
        for holder in (RequestFactory().get("/", HTTP_HOST="localhost"), None):
            assert page.get_url(holder) == Page.get_url(page, holder)
    assert about.get_url(request) == "/qui/"
    assert agir.get_url(request) == "http://lyon.localhost/agir/"
    assert about.get_url() == "http://localhost/qui/"  # two sites: full without a request


def test_a_page_with_links_scans_no_list_of_every_site(client, national_site, monkeypatch):
    """With hundreds of candidate sites, each link scanning every site's root
    path made a page's cost grow with the network: once the process has its
    copy, a page with links goes through the list no more."""

    class Counted(list):
        scans = 0

        def __iter__(self):
            Counted.scans += 1
            return super().__iter__()

    listed = Site.get_site_root_paths
    monkeypatch.setattr(Site, "get_site_root_paths", staticmethod(lambda: Counted(listed())))
    make_site("lyon.localhost", "Lyon")
    pages = [
        national_site.root_page.add_child(instance=StandardPage(title=f"Page {n}", slug=f"p{n}"))
        for n in range(5)
    ]
    NavigationSettings.objects.update_or_create(
        site=national_site,
        defaults={
            "main_menu": [("link", {"label": "", "page": page, "url": ""}) for page in pages]
        },
    )
    site_roots.changed()
    client.get("/")  # the process builds its copy (one scan)
    Counted.scans = 0
    html = client.get("/").content.decode()
    assert all(f'href="/p{n}/"' in html for n in range(5))
    assert Counted.scans == 0
