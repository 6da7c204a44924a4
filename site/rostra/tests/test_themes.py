"""Themes are chosen per site, override templates and static files, and every
asset a public page loads is served by the site itself."""

import re

import pytest
from django.test import override_settings

from rostra import themes
from rostra.sitesettings.models import BrandSettings

pytestmark = pytest.mark.django_db


def reset_template_cache():
    from django.template import engines

    for loader in engines["django"].engine.template_loaders:
        if hasattr(loader, "reset"):
            loader.reset()


def test_both_shipped_themes_are_available():
    assert {"tricolore", "horizon"} <= set(themes.available())
    assert all(theme.label for theme in themes.available().values())


def test_each_site_renders_with_its_own_theme(client, national_site, other_site):
    BrandSettings.objects.create(site=national_site, theme="tricolore")
    BrandSettings.objects.create(site=other_site, theme="horizon")
    national = client.get("/", HTTP_HOST="localhost").content.decode()
    lyon = client.get("/", HTTP_HOST="lyon.localhost").content.decode()
    assert "/static/themes/tricolore/css/theme.css" in national
    assert "/static/themes/horizon/css/theme.css" in lyon
    assert 'class="theme-tricolore"' in national and 'class="theme-horizon"' in lyon


def test_a_theme_template_overrides_the_core_one_for_its_sites_only(
    client, national_site, other_site, tmp_path, settings
):
    # A throwaway theme directory holding a copy of the shipped themes plus one override.
    import shutil

    for theme in themes.available().values():
        shutil.copytree(theme.path, tmp_path / theme.name)
    override = tmp_path / "horizon" / "templates" / "rostra" / "includes"
    override.mkdir(parents=True, exist_ok=True)
    (override / "footer.html").write_text("<footer>Pied de page Horizon</footer>")
    settings.ROSTRA_THEMES_DIR = tmp_path
    themes.available.cache_clear()
    reset_template_cache()
    try:
        BrandSettings.objects.create(site=other_site, theme="horizon")
        assert (
            "Pied de page Horizon" in client.get("/", HTTP_HOST="lyon.localhost").content.decode()
        )
        assert "Pied de page Horizon" not in client.get("/", HTTP_HOST="localhost").content.decode()
    finally:
        themes.available.cache_clear()
        reset_template_cache()


def test_cached_template_loader_keeps_themes_apart(national_site, other_site, client):
    with override_settings(DEBUG=False):
        BrandSettings.objects.create(site=other_site, theme="horizon")
        for _ in range(2):
            assert (
                "horizon/css/theme.css"
                in client.get("/", HTTP_HOST="lyon.localhost").content.decode()
            )
            assert (
                "horizon/css/theme.css"
                not in client.get("/", HTTP_HOST="localhost").content.decode()
            )


def test_an_unknown_stored_theme_falls_back_to_the_default(client, national_site):
    BrandSettings.objects.create(site=national_site, theme="removed-theme")
    assert "/static/themes/tricolore/css/theme.css" in client.get("/").content.decode()


def test_brand_colours_come_from_settings_with_readable_text(client, national_site):
    BrandSettings.objects.create(
        site=national_site, primary_colour="#ffe14d", accent_colour="#12355b"
    )
    css = client.get("/_brand.css").content.decode()
    assert "--brand-primary: #ffe14d;" in css
    assert "--brand-on-primary: #000000;" in css  # dark text on yellow
    assert "--brand-on-accent: #ffffff;" in css  # white text on navy


def test_public_page_assets_are_all_served_by_the_site(client, national_site):
    html = client.get("/").content.decode()
    for url in re.findall(r'(?:src|href)="([^"#]+)"', html):
        if url.startswith(("http://", "https://", "//")):
            pytest.fail(f"third-party asset on a public page: {url}")
    assert "<script>" not in html and " style=" not in html  # nothing inline (CSP)


def test_shipped_theme_css_loads_nothing_from_elsewhere():
    for theme in themes.available().values():
        for css in (theme.path / "static").rglob("*.css"):
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text()), css


def test_theme_fonts_are_files_of_the_theme_with_their_licence():
    for theme in themes.available().values():
        css_dir = theme.path / "static" / "css"
        urls = re.findall(
            r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", (css_dir / "theme.css").read_text()
        )
        fonts = [url for url in urls if url.endswith(".woff2")]
        assert fonts, f"{theme.name} ships no font"
        for url in urls:
            assert (css_dir / url).resolve().is_file(), f"{theme.name}: {url} is missing"
        licences = list((theme.path / "static" / "fonts").glob("OFL-*.txt"))
        assert licences, f"{theme.name}: the fonts' licence must ship next to them"
        assert all("SIL Open Font License" in path.read_text() for path in licences)
