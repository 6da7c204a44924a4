"""A new candidate site's page tree, built from the blueprint.

Other plugins' pages come from their blueprint parts (rostra.blueprint), for
the plugins switched on for the new site: this plugin knows none of them.
"""

from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from rostra import blueprint as blueprint_hook
from rostra.pages.models import LegalNoticePage, NewsIndexPage, StandardPage
from wagtail.models import Locale, Page

from rostra_network import territory
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


def build_children(home, site, blueprint, order):
    """The pages under a candidate's home; returns them in menu order."""
    pages = [
        home.add_child(
            instance=StandardPage(
                title=blueprint.candidate_title or order.name,
                slug="candidat",
                intro=blueprint.candidate_intro,
                body=candidate_body(order, home.locale.language_code),
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


def candidate_body(order, language):
    """What the candidate's page starts with, from the provisioning order: who
    stands, where, and how to write to them (the team then writes the rest),
    in the page's language whoever provisions it."""
    with translation.override(language):
        return _candidate_body(order)


def _candidate_body(order):
    territory_text = territory.label(order.constituency, order.communes)
    html = f"<h2>{escape(order.name)}</h2>"
    if territory_text:
        where = _("Campaign territory: %(territory)s") % {"territory": territory_text}
        html += f"<p>{escape(where)}</p>"
    email = escape(order.email)
    write = escape(_("Write to the campaign team:"))
    html += f'<p>{write} <a href="mailto:{email}">{email}</a></p>'
    return [{"type": "rich_text", "value": html}]
