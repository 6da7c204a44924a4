"""The theme a site has chosen in its branding settings: above both the
themes and the settings, which list the themes to choose from."""

from django.conf import settings

from rostra import themes
from rostra.sitesettings.models import BrandSettings


def for_site(site):
    """The theme of ``site`` (the default theme for no site)."""
    if site is None:
        return themes.get(settings.ROSTRA_DEFAULT_THEME)
    return themes.get(BrandSettings.cached_for_site(site).theme)
