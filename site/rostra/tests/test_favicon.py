"""Browsers ask every site for /favicon.ico whatever its pages link: each
theme ships one, served from the site itself, and pages link it."""

import pytest
from django.contrib.staticfiles import finders

from rostra.sitesettings.models import BrandSettings

pytestmark = pytest.mark.django_db

ICO_MAGIC = b"\x00\x00\x01\x00"


def _icon_behind(response):
    assert response.status_code == 302
    url = response["Location"]
    path = finders.find(url.removeprefix("/static/"))
    assert path, f"{url} is not a static file"
    with open(path, "rb") as file:
        return url, file.read()


def test_favicon_ico_is_the_sites_theme_icon(client, national_site, other_site):
    BrandSettings.objects.create(site=national_site, theme="tricolore")
    BrandSettings.objects.create(site=other_site, theme="horizon")
    national, national_icon = _icon_behind(client.get("/favicon.ico", HTTP_HOST="localhost"))
    lyon, lyon_icon = _icon_behind(client.get("/favicon.ico", HTTP_HOST="lyon.localhost"))
    assert national == "/static/themes/tricolore/icons/favicon.ico"
    assert lyon == "/static/themes/horizon/icons/favicon.ico"
    assert national_icon.startswith(ICO_MAGIC) and lyon_icon.startswith(ICO_MAGIC)
    assert national_icon != lyon_icon


def test_pages_link_the_themes_icons(client, national_site):
    BrandSettings.objects.create(site=national_site, theme="horizon")
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/themes/horizon/icons/favicon.ico"' in page
    assert '<link rel="icon" href="/static/themes/horizon/icons/favicon.svg"' in page
