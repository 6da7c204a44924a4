"""A new candidate site's page tree, built from the blueprint.

Other plugins' pages come from their blueprint parts (rostra.blueprint), for
the plugins switched on for the new site: this plugin knows none of them.
"""

from django.utils.translation import gettext as _
from rostra import blueprint as blueprint_hook
from rostra.pages.models import LegalNoticePage, NewsIndexPage, StandardPage
from wagtail.models import Locale, Page

from rostra_network.models import CandidateHomePage


def build_home(name, slug, blueprint):
    root = Page.get_first_root_node()
    return root.add_child(
        instance=CandidateHomePage(
            title=name,
            slug=slug,
            locale=Locale.get_default(),
            body=blueprint.home_body.raw_data,
        )
    )


def build_children(home, site, blueprint, name):
    """The pages under a candidate's home; returns them in menu order."""
    pages = [
        home.add_child(
            instance=StandardPage(
                title=blueprint.candidate_title or name,
                slug="candidat",
                intro=blueprint.candidate_intro,
            )
        ),
        home.add_child(
            instance=NewsIndexPage(title=blueprint.news_title or _("News"), slug="actualites")
        ),
    ]
    for part in blueprint_hook.parts(site):
        pages.extend(part.pages(home, site, part.settings()))
    legal = home.add_child(
        instance=LegalNoticePage(
            title=blueprint.legal_title or _("Legal notice"), slug="mentions-legales"
        )
    )
    return pages, legal
