"""The core's browser tests: an editor builds a page in the real Wagtail admin and
a visitor sees it; public pages talk to no host but the site's own and pass
axe-core with no serious or critical violation, in both themes."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e import screenshots
from tests.e2e.admin import log_in

EDITOR_USERNAME = "redaction"
EDITOR_PASSWORD = "e2e-editor-password-42"  # noqa: S105 - a throwaway test account


@pytest.fixture(scope="module")
def editor(live_site):
    """A webmaster who is not a superuser: Wagtail's Moderators may add, edit and
    publish pages."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, _created = get_user_model().objects.get_or_create(
        username=EDITOR_USERNAME,
        defaults={"email": "redaction@example.org", "first_name": "Rédaction"},
    )
    user.set_password(EDITOR_PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def national_home():
    from rostra.pages.models import HomePage
    from wagtail.models import Locale

    return HomePage.objects.get(depth=2, locale=Locale.objects.get(language_code="fr"))


class AutosaveWatch:
    """Wagtail 8 autosaves the editor form half a second after each change. A
    publish sent while an autosave is in flight races with it (the autosave's
    form save can write the page back as an unpublished draft), so the test,
    like a careful editor, lets the autosave finish before publishing."""

    def __init__(self, page):
        self.pending = set()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request):
        if request.method == "POST" and "/admin/pages/" in request.url:
            self.pending.add(request)

    def _ended(self, request):
        self.pending.discard(request)

    def settle(self, page, quiet_ms=1500):
        quiet = 0
        while quiet < quiet_ms:
            page.wait_for_timeout(100)
            quiet = 0 if self.pending else quiet + 100


def add_block(page, label):
    """Insert a block at the end of the page's content, through the block menu."""
    page.locator("[data-contentpath='body'] button.c-sf-add-button").last.click()
    page.get_by_role("option", name=label, exact=True).click()


@pytest.fixture(scope="module")
def published_page(browser, live_site, editor):
    """The editor logs in and publishes a standard page with three kinds of
    blocks (text, quote, video), all through the admin's own forms."""
    context = browser.new_context(base_url=live_site.base_url, locale="fr-FR")
    page = context.new_page()
    try:
        log_in(page, EDITOR_USERNAME, EDITOR_PASSWORD)
        autosave = AutosaveWatch(page)
        home = national_home()
        page.goto(f"/admin/pages/{home.pk}/add_subpage/")
        page.get_by_role("link", name="Page standard", exact=True).click()
        page.fill("#id_title", "Nos engagements pour la rentrée")
        page.fill("#id_intro", "Ce que nous ferons dès septembre.")

        add_block(page, "Texte")
        editor_box = page.locator("[data-contentpath='body'] .public-DraftEditor-content").last
        editor_box.click()
        expect(editor_box).to_be_focused()
        page.keyboard.type("Une école ouverte à toutes et à tous, partout.")
        expect(editor_box).to_contain_text("Une école ouverte")

        add_block(page, "Citation")
        page.locator("[name$='-value-quote']").last.fill("Écouter d'abord, agir ensuite.")
        page.locator("[name$='-value-attribution']").last.fill("Claire Martin")

        add_block(page, "Vidéo (chargée seulement au clic)")
        page.locator("[name$='-value-url']").last.fill(
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
        )
        page.locator("[name$='-value-title']").last.fill("La rentrée en images")

        autosave.settle(page)
        page.locator("[data-w-dropdown-target='toggle']").last.click()
        page.locator("button[name=action-publish]").click()
        errors = page.locator(".error-message").all_inner_texts()
        assert not [text for text in errors if text.strip()], errors
        expect(page.locator(".messages")).to_contain_text(re.compile("publiée"))
    except BaseException:
        screenshots.save("editor-publishes-a-page", context)
        raise
    finally:
        context.close()

    from rostra.pages.models import StandardPage

    created = StandardPage.objects.get(title="Nos engagements pour la rentrée")
    assert created.live and created.owner == editor
    assert [block.block_type for block in created.body] == ["rich_text", "quote", "video"]
    return created


def test_a_visitor_sees_the_page_the_editor_published(
    published_page, page, requests_log, axe, live_site
):
    page.goto(published_page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Nos engagements pour la rentrée")
    main = page.locator("main")
    expect(main).to_contain_text("Une école ouverte à toutes et à tous, partout.")
    expect(main.locator("blockquote")).to_contain_text("Écouter d'abord, agir ensuite.")
    expect(main).to_contain_text("Claire Martin")
    play = page.get_by_role("button", name=re.compile("Lire la vidéo"))
    expect(play).to_be_visible()
    expect(main.locator("iframe")).to_have_count(0)
    requests_log.assert_only_own_host()
    axe(page)


def test_the_video_loads_from_its_host_only_after_a_keyboard_click(
    published_page, page, requests_log
):
    page.goto(published_page.url)
    play = page.get_by_role("button", name=re.compile("Lire la vidéo"))
    play.focus()
    expect(play).to_be_focused()
    requests_log.assert_only_own_host()
    page.keyboard.press("Enter")
    frame = page.locator("main iframe")
    expect(frame).to_have_attribute("title", "La rentrée en images")
    page.wait_for_timeout(300)
    # The only request to another host is the player the visitor asked for (the
    # log stops it, so the test never leaves the machine).
    assert {recorded.host for recorded in requests_log.foreign()} == {"www.youtube-nocookie.com"}


PUBLIC_PAGES = {
    "home": "/",
    "news index": "/actualites/",
    "legal notice": "/mentions-legales/",
    "standard page": "/qui-sommes-nous/",
    "English home": "/en/",
    "English news index": "/en/news/",
    "English legal notice": "/en/legal-notice/",
}


def first_article_url():
    from rostra.pages.models import NewsArticlePage
    from wagtail.models import Locale

    french = Locale.objects.get(language_code="fr")
    return NewsArticlePage.objects.live().filter(locale=french).order_by("-date").first().url


@pytest.mark.parametrize("theme", ["tricolore", "horizon"])
@pytest.mark.parametrize("name", [*PUBLIC_PAGES, "news article"])
def test_public_pages_are_self_hosted_and_accessible(
    name, theme, use_theme, page, requests_log, axe, live_site
):
    use_theme(theme)
    path = first_article_url() if name == "news article" else PUBLIC_PAGES[name]
    response = page.goto(path)
    assert response.status == 200
    expect(page.locator("html")).to_have_class(re.compile(f"theme-{theme}"))
    # Every stylesheet, script, font and image the page asked for was served.
    page.wait_for_load_state("networkidle")
    requests_log.assert_only_own_host()
    requests_log.assert_all_served()
    axe(page)


@pytest.mark.parametrize("theme", ["tricolore", "horizon"])
def test_the_mobile_menu_and_page_pass_axe(theme, use_theme, new_context, axe):
    use_theme(theme)
    context = new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#main-menu")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
    axe(page)
    context.requests_log.assert_only_own_host()


@pytest.mark.parametrize("theme", ["tricolore", "horizon"])
def test_pages_fit_the_narrowest_phone_without_sideways_scrolling(theme, use_theme, new_context):
    use_theme(theme)
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    for path in [*PUBLIC_PAGES.values(), first_article_url()]:
        page.goto(path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, path
