"""The candidate sites and the directory on a phone (390 px): their sections
keep the page's margins, the postcode search and the sign-up form use the
theme's controls, and nothing scrolls sideways."""

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def _left_margin(locator):
    return locator.bounding_box()["x"]


@pytest.mark.parametrize(
    ("subdomain", "path", "section"),
    [
        ("lyon", "/", ".network-campaigns"),
        ("lyon", "/", ".network-party-news"),
        (None, "/candidats/?q=69003", ".directory-result"),
        (None, "/candidats/", ".directory-all"),
    ],
)
def test_sections_keep_the_page_margins_on_a_phone(
    new_context, live_site, subdomain, path, section
):
    hosts = [live_site.host_for(subdomain)] if subdomain else []
    page = new_context(hosts=hosts, viewport=PHONE).new_page()
    page.goto(live_site.url(path, subdomain=subdomain))
    expect(page.locator(section)).to_be_visible()
    assert _left_margin(page.locator(section)) >= 16
    _no_sideways_scroll(page)


def test_the_postcode_search_and_the_sign_up_form_use_the_themes_controls(new_context, live_site):
    page = new_context(viewport=PHONE).new_page()
    page.goto(live_site.url("/candidats/"))
    search = page.get_by_label("Votre code postal ou votre commune")
    assert search.bounding_box()["width"] > 250  # not the browser's default 150 px box
    assert (
        page.get_by_role("button", name="Trouver mon candidat").evaluate(
            "button => getComputedStyle(button).backgroundColor"
        )
        != "rgb(239, 239, 239)"
    )  # the theme's button, not the browser's grey one
    _no_sideways_scroll(page)
    page.goto(live_site.url("/nous-rejoindre/"))
    expect(page.get_by_label("Code postal")).to_be_visible()
    assert page.get_by_label("Code postal").bounding_box()["width"] > 250
    _no_sideways_scroll(page)
