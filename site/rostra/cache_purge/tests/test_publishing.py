"""A change reaches anonymous visitors at once: the shared cache is purged of
every address that shows it, after the change commits."""

import logging

import pytest
from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from rostra.pages.models import NewsArticlePage, NewsIndexPage, StandardPage
from rostra.sitesettings.models import BrandSettings, NavigationSettings

pytestmark = pytest.mark.django_db

HOST = "localhost"  # the national site's host name (conftest.make_site)


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def news(national_site):
    home = national_site.root_page
    index = home.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))
    first = index.add_child(instance=NewsArticlePage(title="Meeting à Lyon", slug="meeting"))
    return index, first


@pytest.fixture
def programme(national_site):
    home = national_site.root_page
    page = home.add_child(instance=StandardPage(title="Programme", slug="programme"))
    page.add_child(instance=StandardPage(title="Écologie", slug="ecologie"))
    return page


def test_publishing_an_article_purges_it_its_news_section_and_the_home_page(
    purge_server, committed, news
):
    index, article = news
    article.title = "Meeting à Lyon, samedi"
    committed(publish, article)
    assert {
        f"{HOST}/actualites/meeting/",
        f"{HOST}/actualites/",
        f"{HOST}/actualites/?page=2",  # the list's next page moves along too
        f"{HOST}/",
    } <= purge_server.keys
    assert all(method == "PURGE" for method, _host, _path in purge_server.requests)


def test_the_rest_of_the_site_follows_in_the_background(purge_server, committed, news, programme):
    """Menus, links and news lists on any page may show the article."""
    _index, article = news
    committed(publish, article)
    assert {f"{HOST}/programme/", f"{HOST}/programme/ecologie/", f"{HOST}/sitemap.xml"} <= (
        purge_server.keys
    )


def test_nothing_is_purged_before_the_change_commits(purge_server, committed, news):
    _index, article = news
    with transaction.atomic():
        publish(article)
        assert purge_server.requests == []
    # The test's own transaction is still open: commit callbacks have not run.
    assert purge_server.requests == []
    committed(publish, article)
    assert f"{HOST}/actualites/meeting/" in purge_server.keys


def test_an_unpublished_page_is_purged(purge_server, committed, programme):
    committed(programme.unpublish)
    assert {f"{HOST}/programme/", f"{HOST}/"} <= purge_server.keys


def test_a_deleted_page_is_purged_with_the_pages_under_it(purge_server, committed, programme):
    committed(Page.objects.get(pk=programme.pk).delete)
    assert {f"{HOST}/programme/", f"{HOST}/programme/ecologie/", f"{HOST}/"} <= purge_server.keys


def test_a_new_slug_purges_the_old_addresses_of_the_page_and_its_children(
    purge_server, committed, programme
):
    programme.slug = "projet"
    committed(publish, programme)
    assert {
        f"{HOST}/programme/",
        f"{HOST}/programme/ecologie/",
        f"{HOST}/projet/",
        f"{HOST}/projet/ecologie/",
    } <= purge_server.keys


def test_a_moved_page_is_purged_at_its_old_and_new_address(
    purge_server, committed, programme, news
):
    index, _article = news
    child = StandardPage.objects.get(slug="ecologie")
    committed(child.move, Page.objects.get(pk=programme.get_parent().pk), pos="last-child")
    assert {f"{HOST}/programme/ecologie/", f"{HOST}/ecologie/", f"{HOST}/programme/"} <= (
        purge_server.keys
    )


def test_a_translation_is_purged_under_its_language_prefix(
    purge_server, committed, national_site, english
):
    home = national_site.root_page
    translation = home.copy_for_translation(english)
    committed(publish, translation)
    assert f"{HOST}/en/" in purge_server.keys


@pytest.mark.parametrize("setting", [BrandSettings, NavigationSettings])
def test_a_settings_change_purges_the_whole_site(
    purge_server, committed, national_site, news, programme, setting
):
    """Branding, theme, colours and menus show on every page."""
    settings_row = setting.for_site(national_site)
    committed(settings_row.save)
    assert {
        f"{HOST}/",
        f"{HOST}/actualites/",
        f"{HOST}/actualites/meeting/",
        f"{HOST}/programme/",
        f"{HOST}/programme/ecologie/",
        f"{HOST}/_brand.css",
        f"{HOST}/sitemap.xml",
    } <= purge_server.keys


def test_switching_a_plugin_off_purges_the_whole_site(purge_server, committed, national_site):
    from rostra.sitesettings.models import PluginSettings

    plugin_settings = PluginSettings.for_site(national_site)
    plugin_settings.enabled = []
    committed(plugin_settings.save)
    assert f"{HOST}/" in purge_server.keys


def test_other_sites_are_left_alone(purge_server, committed, national_site, other_site):
    committed(BrandSettings.for_site(other_site).save)
    assert purge_server.keys == {
        "lyon.localhost/",
        "lyon.localhost/_brand.css",
        "lyon.localhost/sitemap.xml",
    }


def test_a_new_redirect_purges_the_not_found_page_at_its_address(
    purge_server, committed, national_site
):
    committed(
        Redirect.objects.create,
        old_path="/ancien-programme",
        site=national_site,
        redirect_link="/programme/",
    )
    assert {f"{HOST}/ancien-programme", f"{HOST}/ancien-programme/"} <= purge_server.keys


def test_without_a_purge_server_nothing_is_sent_and_publishing_works(
    settings, committed, programme
):
    settings.ROSTRA_PURGE_URLS = []
    programme.title = "Notre programme"
    committed(publish, programme)
    assert Page.objects.get(pk=programme.pk).title == "Notre programme"


def test_an_unreachable_cache_does_not_stop_publishing(purge_server, committed, programme, caplog):
    purge_server.stop()
    programme.title = "Notre programme"
    with caplog.at_level(logging.ERROR, logger="rostra.cache_purge"):
        committed(publish, programme)
    assert Page.objects.get(pk=programme.pk).live_revision.content["title"] == "Notre programme"
    assert "Cannot reach the cache purge server" in caplog.text
