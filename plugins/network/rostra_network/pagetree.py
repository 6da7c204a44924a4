"""A new candidate site's page tree, built from the blueprint.

Petition and donation pages belong to other plugins: their page types are
looked up by app label and model name, only when that plugin is installed and
switched on for the new site (plugins never import each other).
"""

from django.apps import apps
from django.utils.translation import gettext as _
from rostra import plugins
from rostra.pages.models import LegalNoticePage, NewsIndexPage, StandardPage
from wagtail.models import Locale, Page

from rostra_network.models import CandidateHomePage

# (plugin label, model name, blueprint switch)
PLUGIN_PAGES = (
    ("petitions", "PetitionPage", "with_petition"),
    ("donations", "DonationPage", "with_donation"),
)


def plugin_page_model(label, model_name, site):
    """The page model of another plugin, or None when it is absent or off."""
    if label not in {config.label for config in plugins.installed()}:
        return None
    if not plugins.is_enabled(label, site):
        return None
    try:
        return apps.get_model(label, model_name)
    except LookupError:
        return None


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
    for label, model_name, switch in PLUGIN_PAGES:
        if not getattr(blueprint, switch):
            continue
        model = plugin_page_model(label, model_name, site)
        if model is not None:
            pages.append(home.add_child(instance=_plugin_page(model, label, blueprint)))
    legal = home.add_child(
        instance=LegalNoticePage(
            title=blueprint.legal_title or _("Legal notice"), slug="mentions-legales"
        )
    )
    return pages, legal


def _plugin_page(model, label, blueprint):
    if label == "petitions":
        fields = {
            "title": blueprint.petition_title or _("Our petition"),
            "slug": "petition",
            "intro": blueprint.petition_intro or _("Sign and share this petition."),
        }
    else:
        fields = {"title": blueprint.donation_title or _("Donate"), "slug": "don"}
    names = {field.name for field in model._meta.get_fields()}
    return model(**{key: value for key, value in fields.items() if key in names})
