"""A webmaster picks the site's theme in Settings › Branding; visitors get it on
their next page, although the branding was cached (the cache is cleared on save)."""

import re

import pytest
from playwright.sync_api import expect


@pytest.fixture
def national_brand(live_site):
    """The national site's branding, put back as it was after the test."""
    from rostra.sitesettings.models import BrandSettings
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    brand = BrandSettings.for_site(site)
    original = brand.theme
    yield site, brand
    brand.refresh_from_db()
    brand.theme = original
    brand.save()


def test_a_webmaster_switches_theme_and_visitors_see_it_at_once(
    national_brand, admin_page, page, requests_log, axe
):
    site, brand = national_brand
    assert brand.theme == "tricolore"
    # A visitor's request caches the branding in the server.
    page.goto("/")
    expect(page.locator("html")).to_have_class(re.compile(r"\btheme-tricolore\b"))

    admin_page.goto(f"/admin/settings/sitesettings/brandsettings/{site.pk}/")
    choices = admin_page.locator("input[name=theme]")
    expect(choices).to_have_count(2)
    assert sorted(choices.evaluate_all("inputs => inputs.map(i => i.value)")) == [
        "horizon",
        "tricolore",
    ]
    # Each theme is offered with its description, in the admin's language.
    horizon = admin_page.get_by_label(re.compile(r"Horizon — Moderne et militant"))
    expect(admin_page.get_by_label(re.compile(r"Tricolore — Classique"))).to_be_checked()
    horizon.check()
    admin_page.get_by_role("button", name="Enregistrer").click()
    expect(admin_page.locator(".messages")).to_contain_text(re.compile("mis à jour|enregistr"))

    page.reload()
    expect(page.locator("html")).to_have_class(re.compile(r"\btheme-horizon\b"))
    expect(page.locator("link[href*='/static/themes/horizon/css/theme.css']")).to_have_count(1)
    expect(page.locator(".hero--stage")).to_be_visible()
    # The theme's own fonts are in use, served by the site.
    assert "Work Sans" in page.evaluate(
        "() => getComputedStyle(document.querySelector('.hero__heading')).fontFamily"
    )
    page.wait_for_load_state("networkidle")
    assert any("/static/themes/horizon/fonts/work-sans" in r.url for r in requests_log.requests)
    assert page.evaluate("() => document.fonts.check('800 16px \"Work Sans\"')")
    requests_log.assert_only_own_host()
    requests_log.assert_all_served()
    axe(page)
