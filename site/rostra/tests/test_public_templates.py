"""What a visitor (and their screen reader) gets from every public page, in
both shipped themes: landmarks, a skip link, headings in order, a language
switcher that names languages in their own tongue, the current page marked in
the menu, images with the right alternative text, a video that loads nothing
until asked, and nothing inline that the CSP would refuse."""

import datetime
import io
from html.parser import HTMLParser

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from rostra.pages.models import (
    LegalNoticePage,
    NewsArticlePage,
    NewsIndexPage,
    StandardPage,
)
from rostra.sitesettings.models import BrandSettings, NavigationSettings

pytestmark = pytest.mark.django_db

THEMES = ["tricolore", "horizon"]


class Outline(HTMLParser):
    """The parts of a page that matter to assistive technology."""

    def __init__(self, html):
        super().__init__()
        self.elements = []  # (tag, attrs) in document order
        self.headings = []  # (level, text)
        self._heading = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [int(tag[1]), ""]

    def handle_endtag(self, tag):
        if self._heading and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data

    def find_all(self, tag, **attrs):
        return [
            found
            for name, found in self.elements
            if name == tag and all(found.get(key) == value for key, value in attrs.items())
        ]

    def with_class(self, css_class):
        return [
            (name, attrs)
            for name, attrs in self.elements
            if css_class in (attrs.get("class") or "").split()
        ]

    def ids(self):
        return [attrs["id"] for _name, attrs in self.elements if attrs.get("id")]


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def demo_image(title="Rassemblement"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (29, 59, 139)).save(buffer, format="PNG")
    image = get_image_model()(title=title)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="demo.png")
    image.save()
    return image


@pytest.fixture
def campaign(national_site, english):
    """A site like the demo's: every block on the home page, a news section, a
    standard page, the legal notice, menus and social links; the home page and
    one article translated into English."""
    home = national_site.root_page.specific
    picture = demo_image()
    news = publish(home, NewsIndexPage(title="Actualités", slug="actualites"))
    articles = [
        publish(
            news,
            NewsArticlePage(
                title=f"Article {number}",
                slug=f"article-{number}",
                date=datetime.date(2026, 11, 20 - number),
                summary="Résumé",
                image=picture,
                body=[("rich_text", RichText("<p>Texte de l'article.</p>"))],
            ),
        )
        for number in range(3)
    ]
    home.body = [
        (
            "hero",
            {
                "heading": "Ensemble",
                "text": "Rejoignez-nous.",
                "image": {"image": picture, "decorative": True, "alt_text": ""},
                "button": {"label": "Le programme", "page": None, "url": "https://example.org/"},
            },
        ),
        ("columns", {"columns": [[("heading", "Santé")], [("heading", "Climat")]]}),
        ("latest_news", {"heading": "Dernières actualités", "count": 3, "news_index": None}),
        (
            "image",
            {
                # A fresh instance: ImageBlock writes the alt text onto the image
                # object it is given, so two blocks must not share one.
                "image": {
                    "image": get_image_model().objects.get(pk=picture.pk),
                    "decorative": False,
                    "alt_text": "Foule au meeting",
                },
                "caption": "Le meeting de Lyon",
                "credit": "",
            },
        ),
        ("quote", {"quote": "Écouter d'abord.", "attribution": "Claire", "role": ""}),
        (
            "video",
            {"url": "https://youtu.be/aqz-KE-bpKQ", "title": "Notre clip", "transcript": ""},
        ),
        (
            "call_to_action",
            {
                "heading": "Rejoignez la campagne",
                "text": "",
                "emphasis": "accent",
                "button": {"label": "Nous rejoindre", "page": news, "url": ""},
            },
        ),
    ]
    home.save_revision().publish()
    standard = publish(
        home,
        StandardPage(
            title="Notre programme",
            slug="programme",
            intro="Trois priorités.",
            body=[("rich_text", RichText("<h2>Le climat</h2><h3>Le rail</h3><p>Oui.</p>"))],
        ),
    )
    legal = publish(home, LegalNoticePage(title="Mentions légales", slug="mentions-legales"))
    home_en = home.copy_for_translation(english)
    home_en.title, home_en.slug = "Home", "home-en"
    home_en.save_revision().publish()
    news_en = news.copy_for_translation(english)
    news_en.save_revision().publish()
    article_en = articles[0].copy_for_translation(english)
    article_en.title = "Article in English"
    article_en.save_revision().publish()
    NavigationSettings.objects.create(
        site=national_site,
        main_menu=[
            ("link", {"label": "", "page": standard, "url": ""}),
            ("link", {"label": "", "page": news, "url": ""}),
        ],
        social_links=[
            ("social", {"network": "mastodon", "url": "https://mastodon.social/@elan"}),
            ("social", {"network": "linkedin", "url": "https://www.linkedin.com/company/elan"}),
        ],
    )
    return {
        "site": national_site,
        "home": home,
        "news": news,
        "articles": articles,
        "standard": standard,
        "legal": legal,
    }


def use_theme(site, name):
    BrandSettings.objects.update_or_create(site=site, defaults={"theme": name})


def pages_of(campaign):
    return {
        "home": "/",
        "news index": campaign["news"].url,
        "article": campaign["articles"][0].url,
        "untranslated article": campaign["articles"][1].url,
        "standard page": campaign["standard"].url,
        "legal notice": campaign["legal"].url,
        "English home": "/en/",
    }


@pytest.mark.parametrize("theme", THEMES)
def test_every_page_has_landmarks_a_skip_link_and_one_h1(client, campaign, theme):
    use_theme(campaign["site"], theme)
    for name, url in pages_of(campaign).items():
        response = client.get(url)
        assert response.status_code == 200, name
        page = Outline(response.content.decode())
        assert len(page.find_all("header")) >= 1, name
        assert len(page.find_all("main", id="main")) == 1, name
        assert len(page.find_all("footer")) == 1, name
        navigations = page.find_all("nav")
        assert all(nav.get("aria-label") for nav in navigations), name
        assert any(nav.get("id") == "main-menu" for nav in navigations), name
        # The first link of the page skips to the content.
        first_link = next(attrs for tag, attrs in page.elements if tag == "a")
        assert first_link.get("href") == "#main" and "skip-link" in first_link["class"], name
        assert [level for level, _text in page.headings].count(1) == 1, name


@pytest.mark.parametrize("theme", THEMES)
def test_headings_never_skip_a_level(client, campaign, theme):
    use_theme(campaign["site"], theme)
    for name, url in pages_of(campaign).items():
        headings = Outline(client.get(url).content.decode()).headings
        assert headings and headings[0][0] == 1, (name, headings)
        for (previous, _), (level, text) in zip(headings, headings[1:], strict=False):
            assert level <= previous + 1, (name, text, headings)


def test_home_page_outline_is_title_then_sections(client, campaign):
    headings = Outline(client.get("/").content.decode()).headings
    assert headings[0] == (1, campaign["home"].title)  # visually hidden, read first
    assert (2, "Ensemble") in headings and (2, "Santé") in headings
    assert (2, "Dernières actualités") in headings and (3, "Article 0") in headings


@pytest.mark.parametrize("theme", THEMES)
def test_nothing_inline_for_the_csp_to_refuse(client, campaign, theme):
    use_theme(campaign["site"], theme)
    for name, url in pages_of(campaign).items():
        html = client.get(url).content.decode()
        page = Outline(html)
        assert not [attrs for _tag, attrs in page.elements if "style" in attrs], name
        assert all(script.get("src") for script in page.find_all("script")), name
        assert not any(
            attrs.get(key) for _t, attrs in page.elements for key in attrs if key.startswith("on")
        ), name
        assert "<style" not in html, name


def test_language_switcher_names_each_language_in_itself(client, campaign):
    page = Outline(client.get(campaign["articles"][0].url).content.decode())
    english = [a for a in page.find_all("a") if a.get("hreflang") == "en"]
    assert len(english) == 1
    assert english[0]["lang"] == "en"
    assert english[0]["href"].startswith("/en/") and "article-0" in english[0]["href"]
    assert not [a for a in page.find_all("a") if a.get("hreflang") == "fr"]  # not itself
    alternates = page.find_all("link", rel="alternate", hreflang="en")
    assert [link["href"] for link in alternates] == [english[0]["href"]]


def test_a_page_not_yet_translated_offers_the_other_languages_home(client, campaign):
    html = client.get(campaign["articles"][1].url).content.decode()
    page = Outline(html)
    english = [a for a in page.find_all("a") if a.get("hreflang") == "en"]
    assert [a["href"] for a in english] == ["/en/"]
    assert not page.find_all("link", rel="alternate")  # no false claim of a translation
    back = Outline(client.get("/en/").content.decode())
    assert [a["href"] for a in back.find_all("a") if a.get("hreflang") == "fr"] == ["/"]


@pytest.mark.parametrize("theme", THEMES)
def test_menu_marks_the_current_page_and_section(client, campaign, theme):
    use_theme(campaign["site"], theme)
    standard = Outline(client.get(campaign["standard"].url).content.decode())
    current = [a for a in standard.with_class("site-nav__link") if a[1].get("aria-current")]
    assert [attrs["href"] for _tag, attrs in current] == [campaign["standard"].url]
    article = Outline(client.get(campaign["articles"][0].url).content.decode())
    section = article.with_class("is-section")
    assert [attrs["href"] for _tag, attrs in section] == [campaign["news"].url]
    assert not [a for a in article.with_class("site-nav__link") if a[1].get("aria-current")]


@pytest.mark.parametrize("theme", THEMES)
def test_menu_toggle_controls_the_menu_and_starts_closed(client, campaign, theme):
    use_theme(campaign["site"], theme)
    page = Outline(client.get("/").content.decode())
    (toggle,) = [attrs for _tag, attrs in page.with_class("site-header__toggle")]
    assert toggle["aria-expanded"] == "false"
    assert toggle["aria-controls"] == "main-menu" and "main-menu" in page.ids()
    assert "hidden" in toggle  # shown by the script only, so no dead button without it


def test_images_carry_alternative_text_or_are_marked_decorative(client, campaign):
    page = Outline(client.get("/").content.decode())
    images = page.find_all("img")
    assert images and all("alt" in image for image in images)
    hero = [attrs for _tag, attrs in page.with_class("hero__image")]
    assert hero[0]["alt"] == ""  # decorative: the heading says it all
    figure = [attrs for _tag, attrs in page.with_class("figure__image")]
    assert figure[0]["alt"] == "Foule au meeting"
    cards = [attrs for _tag, attrs in page.with_class("news-card__image")]
    assert cards and all(card["alt"] == "" for card in cards)  # the title link names the card


def test_video_button_is_tied_to_its_title_and_nothing_loads(client, campaign):
    page = Outline(client.get("/").content.decode())
    (button,) = page.with_class("video__play")
    assert button[0] == "button" and button[1]["type"] == "button"
    described_by = button[1]["aria-describedby"]
    assert described_by in page.ids()
    assert not page.find_all("iframe")


@pytest.mark.parametrize("theme", THEMES)
def test_social_links_use_the_self_hosted_sprite_and_say_the_network(client, campaign, theme):
    use_theme(campaign["site"], theme)
    html = client.get("/").content.decode()
    assert 'href="/static/rostra/icons/social.svg#mastodon"' in html
    assert 'href="/static/rostra/icons/social.svg#linkedin"' in html
    assert '<span class="social-links__label">LinkedIn</span>' in html  # the link's name


def test_the_sprite_has_an_icon_for_every_network_the_admin_offers():
    from pathlib import Path

    from rostra.sitesettings.blocks import SOCIAL_NETWORKS

    sprite = (
        Path(__file__).resolve().parents[1] / "static" / "rostra" / "icons" / "social.svg"
    ).read_text()
    for network, _label in SOCIAL_NETWORKS:
        assert f'<symbol id="{network}"' in sprite, network


def test_the_two_themes_lay_pages_out_differently(client, campaign):
    use_theme(campaign["site"], "tricolore")
    tricolore = client.get("/").content.decode()
    use_theme(campaign["site"], "horizon")
    horizon = client.get("/").content.decode()
    assert "hero--split" in tricolore and "hero--stage" not in tricolore
    assert "hero--stage" in horizon and "hero--split" not in horizon
    assert "site-header__bar" in tricolore and "site-header__mark" in horizon


def test_in_a_network_menu_links_stay_on_the_site_and_mark_the_current_page(
    client, campaign, other_site
):
    """With several sites, the menu links to the site's own pages by path (as
    `{% pageurl %}` does) and to another site's page by its full address; the
    current page is still marked."""
    lyon = publish(other_site.root_page, StandardPage(title="Lyon", slug="lyon-agenda"))
    navigation = NavigationSettings.objects.get(site=campaign["site"])
    navigation.main_menu = [
        ("link", {"label": "", "page": campaign["standard"], "url": ""}),
        ("link", {"label": "", "page": lyon, "url": ""}),
    ]
    navigation.save()
    standard_path = campaign["standard"].get_url_parts()[2]
    page = Outline(client.get(standard_path).content.decode())
    links = [attrs["href"] for _tag, attrs in page.with_class("site-nav__link")]
    assert links == [standard_path, "http://lyon.localhost/lyon-agenda/"]
    current = [a for a in page.with_class("site-nav__link") if a[1].get("aria-current")]
    assert [attrs["href"] for _tag, attrs in current] == [standard_path]
