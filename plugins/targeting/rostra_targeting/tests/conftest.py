"""Fixtures of the targeting tests: a few polling stations' figures, written
in the Ministry's layouts by rostra_targeting.official_files."""

import pytest
from django.utils import translation

from rostra_targeting.models import Election


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def station(commune, number, registered, voters, candidates, *, name="", blank=3, null=2):
    return {
        "commune": commune,
        "commune_name": name or f"Commune {commune}",
        "number": number,
        "registered": registered,
        "voters": voters,
        "blank": blank,
        "null": null,
        "candidates": candidates,
    }


def figures(shift=0):
    """Four stations of two communes (one overseas), legislative-style."""
    return [
        station(
            "69383",
            "0101",
            1000,
            600,
            [
                (1, "F", "DURAND", "Alice", "FI", 250 + shift),
                (2, "M", "MARTIN", "Paul", "ENS", 200 - shift),
                (3, "F", "PETIT", "Chloé", "RN", 145),
            ],
            name="Lyon 3e Arrondissement",
        ),
        station(
            "69383",
            "0102",
            800,
            400,
            [
                (1, "F", "DURAND", "Alice", "FI", 100),
                (2, "M", "MARTIN", "Paul", "ENS", 150),
                (3, "F", "PETIT", "Chloé", "RN", 145 + shift),
            ],
            name="Lyon 3e Arrondissement",
        ),
        station(
            "01004",
            "0001",
            500,
            350,
            [(1, "M", "BERNARD", "Luc", "LR", 200), (2, "F", "ROUX", "Inès", "ECO", 145 + shift)],
            name="Ambérieu-en-Bugey",
        ),
        station(
            "97101",
            "0003",
            700,
            280,
            [(1, "M", "LEROY", "Marc", "DVG", 175), (2, "F", "GIRARD", "Ana", "DVD", 100)],
            name="Les Abymes",
        ),
    ]


@pytest.fixture
def election(db):
    return Election.objects.create(kind=Election.Kind.LEGISLATIVE, year=2022, round=1)


@pytest.fixture
def election_2024(db):
    return Election.objects.create(kind=Election.Kind.LEGISLATIVE, year=2024, round=1)


def in_english(user):
    """Admin pages in English for this user (French is checked by the catalogue tests)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user
