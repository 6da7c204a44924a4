"""Fixtures for the plugin's own tests, run with Rostra's test settings:

DJANGO_SETTINGS_MODULE=rostra.settings.test python -m pytest rostra_volunteers
"""

import pytest
from wagtail.models import Page, Site


@pytest.fixture
def site(db):
    """The default site (made by Wagtail's migrations) with a Rostra home page."""
    from rostra.pages.models import HomePage

    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Élan commun", slug="elan-commun")
    )
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port, site.root_page = "localhost", 80, home
    site.save()
    return site


@pytest.fixture
def volunteer_page(site):
    from rostra_volunteers.models import VolunteerPage

    return site.root_page.add_child(
        instance=VolunteerPage(
            title="Devenir bénévole", slug="benevoles", coordinator_email="equipe@example.org"
        )
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
