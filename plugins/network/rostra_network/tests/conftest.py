"""Fixtures of the network tests: a national site, a blueprint and candidate
sites provisioned the way the admin and the command do it."""

import pytest
from django.utils import translation

from rostra_network import provisioning
from rostra_network.models import Blueprint


@pytest.fixture(autouse=True)
def _english():
    """Tests read messages and default titles in English (French is checked in
    test_french)."""
    with translation.override("en"):
        yield


@pytest.fixture
def blueprint(national_site):
    blueprint = Blueprint.load()
    blueprint.organisation_name = "Élan commun"
    blueprint.primary_colour = "#224488"
    blueprint.footer_text = "<p>Élan commun, 1 rue de la République</p>"
    blueprint.publisher_name = "Élan commun"
    blueprint.home_body = [("rich_text", "<p>Bienvenue sur mon site de campagne.</p>")]
    blueprint.save()
    return blueprint


def provision(name, slug, *, communes=(), constituency="", email=None, invite=True):
    return provisioning.provision(
        provisioning.Order(
            name=name,
            slug=slug,
            hostname=f"{slug}.localhost",
            email=email or f"{slug}@example.org",
            communes=list(communes),
            constituency=constituency,
        ),
        invite=invite,
    )


@pytest.fixture
def candidate_a(blueprint):
    return provision("Alice Martin", "lyon", communes=["69123"])


@pytest.fixture
def candidate_b(blueprint):
    return provision("Bruno Petit", "lille", communes=["59350"])


@pytest.fixture
def client():
    """A browser that asks for English (pages then answer in English)."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


def reads_english(user):
    """The Wagtail admin answers in the user's chosen language."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def admin_user(db, django_user_model):
    return reads_english(django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
