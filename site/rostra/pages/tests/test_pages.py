"""Campaign pages render what an editor put in them, with the site's settings."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.rich_text import RichText

from rostra.pages.models import LegalNoticePage, NewsArticlePage, NewsIndexPage, StandardPage
from rostra.sitesettings.models import BrandSettings, LegalNoticeSettings, NavigationSettings

pytestmark = pytest.mark.django_db


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def news(national_site):
    home = national_site.root_page
    index = publish(home, NewsIndexPage(title="Actualités", slug="actualites"))
    today = datetime.date(2026, 11, 1)
    for number in range(15):
        publish(
            index,
            NewsArticlePage(
                title=f"Article {number:02d}",
                date=today - datetime.timedelta(days=number),
                summary=f"Résumé {number}",
            ),
        )
    return index


def test_standard_page_renders_every_kind_of_block(client, national_site, news):
    page = publish(
        national_site.root_page,
        StandardPage(
            title="Notre programme",
            slug="programme",
            intro="Trois priorités.",
            body=[
                (
                    "hero",
                    {
                        "heading": "Agir ensemble",
                        "text": "Rejoignez-nous",
                        "image": None,
                        "button": {"label": "Lire", "page": None, "url": "https://example.org/x"},
                    },
                ),
                ("rich_text", RichText("<h2>Le climat</h2><p>Un plan chiffré.</p>")),
                (
                    "quote",
                    {
                        "quote": "Écouter d'abord.",
                        "attribution": "Claire Martin",
                        "role": "porte-parole",
                    },
                ),
                (
                    "call_to_action",
                    {
                        "heading": "Signez",
                        "text": "",
                        "emphasis": "accent",
                        "button": {"label": "Je signe", "page": news, "url": ""},
                    },
                ),
                ("columns", {"columns": [[("heading", "Col A")], [("heading", "Col B")]]}),
                ("latest_news", {"heading": "Dernières nouvelles", "count": 2, "news_index": None}),
                (
                    "video",
                    {
                        "url": "https://youtu.be/aqz-KE-bpKQ",
                        "title": "Le clip",
                        "transcript": "Texte",
                    },
                ),
            ],
        ),
    )
    response = client.get("/programme/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Agir ensemble",
        "Le climat",
        "Écouter d&#x27;abord.",
        "Claire Martin",
        "Je signe",
        "Col A",
        "Col B",
        "Dernières nouvelles",
        "Article 00",
        "Article 01",
        "Le clip",
    ):
        assert text in html, text
    assert "Article 02" not in html  # the news list shows the two latest only
    assert f'href="{news.url}"' in html  # a button to a page follows the page
    assert page.title in html


def test_video_loads_nothing_from_the_host_until_clicked(client, national_site):
    publish(
        national_site.root_page,
        StandardPage(
            title="Vidéo",
            slug="video",
            body=[
                (
                    "video",
                    {
                        "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                        "title": "Clip",
                        "transcript": "",
                    },
                )
            ],
        ),
    )
    html = client.get("/video/").content.decode()
    assert "<iframe" not in html
    # The only mentions of the host are data for the click and a plain link.
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == ["https://www.youtube.com/watch?v=aqz-KE-bpKQ"]
    assert (
        'data-video-embed="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1"' in html
    )


def test_news_index_lists_newest_first_and_paginates(client, news):
    first = client.get("/actualites/").content.decode()
    assert first.index("Article 00") < first.index("Article 11")
    assert "Article 12" not in first
    second = client.get("/actualites/?page=2").content.decode()
    assert "Article 12" in second and "Article 14" in second and "Article 00" not in second
    assert client.get("/actualites/?page=99").status_code == 200


def test_legal_notice_page_shows_the_site_settings(client, national_site):
    LegalNoticeSettings.objects.create(
        site=national_site,
        publisher_name="Élan commun",
        publisher_address="12 rue de la République",
        publication_director="Claire Martin",
        host_name="Hébergeur SAS",
    )
    publish(
        national_site.root_page, LegalNoticePage(title="Mentions légales", slug="mentions-legales")
    )
    html = client.get("/mentions-legales/").content.decode()
    for text in ("Élan commun", "12 rue de la République", "Claire Martin", "Hébergeur SAS"):
        assert text in html
    # Every page's footer links to it.
    home = client.get("/").content.decode()
    assert 'href="/mentions-legales/"' in home


def test_navigation_branding_and_footer_come_from_site_settings(client, national_site, news):
    BrandSettings.objects.create(
        site=national_site, organisation_name="Élan commun", tagline="Ensemble"
    )
    NavigationSettings.objects.create(
        site=national_site,
        main_menu=[("link", {"label": "", "page": news, "url": ""})],
        social_links=[("social", {"network": "mastodon", "url": "https://mastodon.social/@elan"})],
        footer_text="<p>Siège : Paris</p>",
    )
    html = client.get("/").content.decode()
    assert '<a class="site-nav__link" href="/actualites/"' in html
    assert "Ensemble" in html and "Siège : Paris" in html
    assert 'href="https://mastodon.social/@elan"' in html


def test_english_translation_lives_under_en(client, national_site, english):
    home = national_site.root_page.specific
    home_en = home.copy_for_translation(english)
    home_en.title = "Home"
    home_en.save_revision().publish()
    response = client.get("/en/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert '<html lang="en"' in response.content.decode()
    french = client.get("/").content.decode()
    assert '<html lang="fr"' in french and 'hreflang="en"' in french


def test_a_french_slug_starting_like_a_language_code_stays_french(client, national_site, english):
    home = national_site.root_page.specific
    home.copy_for_translation(english).save_revision().publish()
    for slug in ("en-ligne", "en-ville", "fr-ouest"):
        home.add_child(instance=StandardPage(title=slug, slug=slug)).save_revision().publish()
        response = client.get(f"/{slug}/")
        assert response.status_code == 200, slug
        assert '<html lang="fr"' in response.content.decode()
    assert client.get("/en/").status_code == 200
    assert '<html lang="en"' in client.get("/en/").content.decode()


def _locale_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum('"wagtailcore_locale"' in query["sql"] for query in queries.captured_queries)


def test_menu_links_follow_the_language_and_look_it_up_once(client, national_site, english):
    home_en = national_site.root_page.specific.copy_for_translation(english)
    home_en.title = "Home"
    home_en.save_revision().publish()
    about = publish(national_site.root_page, StandardPage(title="Qui sommes-nous", slug="qui"))
    about_en = about.copy_for_translation(english)
    about_en.title, about_en.slug = "About us", "about"
    about_en.save_revision().publish()
    link = ("link", {"label": "", "page": Page.objects.get(pk=about.pk), "url": ""})
    navigation = NavigationSettings.objects.create(site=national_site, main_menu=[link])

    english_home = client.get("/en/").content.decode()
    assert '<a class="site-nav__link" href="/en/about/"' in english_home
    assert ">About us<" in english_home
    assert '<a class="site-nav__link" href="/qui/"' in client.get("/").content.decode()

    one_link = _locale_queries(client, "/en/")
    navigation.main_menu = [link] * 5
    navigation.save()
    assert _locale_queries(client, "/en/") == one_link  # not two more per link


def test_news_article_only_lives_in_a_news_section():
    assert NewsArticlePage.can_exist_under(NewsIndexPage())
    assert not NewsArticlePage.can_exist_under(StandardPage())
    assert not NewsArticlePage.can_exist_under(Page())


def test_english_home_page_shows_english_news_and_footer(client, national_site, english, news):
    """The English pages live under the English home page: its latest news and
    its footer's legal notice are the English ones, not "No news yet." and
    "Mentions légales"."""
    home = national_site.root_page.specific
    home.body = [("latest_news", {"heading": "", "count": 3, "news_index": None})]
    home.save_revision().publish()
    home_en = home.copy_for_translation(english)
    home_en.title = "Home"
    home_en.save_revision().publish()
    news_en = news.copy_for_translation(english)
    news_en.title, news_en.slug = "News", "news"
    news_en.save_revision().publish()
    article = news.get_children().specific().first()
    article_en = article.copy_for_translation(english)
    article_en.title, article_en.slug = "Our first article", "first"
    article_en.save_revision().publish()
    legal = publish(home, LegalNoticePage(title="Mentions légales", slug="mentions-legales"))
    legal_en = legal.copy_for_translation(english)
    legal_en.title, legal_en.slug = "Legal notice", "legal-notice"
    legal_en.save_revision().publish()

    english_home = client.get("/en/").content.decode()
    assert "Our first article" in english_home
    assert "No news yet." not in english_home
    assert '<a href="/en/legal-notice/">Legal notice</a>' in english_home
    assert "Mentions légales" not in english_home
    french_home = client.get("/").content.decode()
    assert "Article 00" in french_home and "Our first article" not in french_home
    assert '<a href="/mentions-legales/">Mentions légales</a>' in french_home


def test_the_tagline_is_shown_in_the_pages_language_only(
    client, national_site, english, admin_user
):
    """The webmaster writes the tagline in English beside the French one; an
    English page never shows the French tagline."""
    from django.urls import reverse

    home_en = national_site.root_page.specific.copy_for_translation(english)
    home_en.title = "Home"
    home_en.save_revision().publish()
    brand = BrandSettings.objects.create(
        site=national_site, organisation_name="Élan commun", tagline="Une République juste"
    )
    assert "Une République juste" not in client.get("/en/").content.decode()

    client.force_login(admin_user)
    url = reverse("wagtailsettings:edit", args=["sitesettings", "brandsettings", national_site.pk])
    form = client.get(url).content.decode()
    assert "English" in form and 'name="tagline_translations_en"' in form
    response = client.post(
        url,
        {
            "organisation_name": "Élan commun",
            "tagline": "Une République juste",
            "tagline_translations_en": "A fair Republic",
            "theme": brand.theme,
            "primary_colour": "#1d3b8b",
            "accent_colour": "#c8102e",
        },
    )
    assert response.status_code == 302
    brand.refresh_from_db()
    assert brand.tagline_translations == {"en": "A fair Republic"}
    client.logout()
    english_home = client.get("/en/").content.decode()
    assert "A fair Republic" in english_home and "Une République juste" not in english_home
    french_home = client.get("/").content.decode()
    assert "Une République juste" in french_home and "A fair Republic" not in french_home
