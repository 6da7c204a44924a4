import pytest
from wagtail.models import Locale

from rostra_petitions.models import PetitionPage, PetitionState, TerritoryCount


@pytest.mark.django_db
def test_the_demo_adds_two_petitions(loaded_demo):
    # Loading it twice adds nothing: site/rostra/tests/test_demo.py counts every model.
    petitions = PetitionPage.objects.live()
    assert petitions.filter(locale__language_code="fr").count() == 2
    # Each in English too, the translation of the French one.
    english = petitions.filter(locale__language_code="en")
    assert sorted(english.values_list("slug", flat=True)) == [
        "doctor-within-20-minutes",
        "local-railway-lines",
    ]
    french = Locale.objects.get(language_code="fr")
    for page in english:
        assert page.get_translation(french).slug in {
            "petites-lignes",
            "medecin-20-minutes",
        }
    near = PetitionState.objects.get(petition__slug="petites-lignes")
    assert 0.9 * 5000 <= near.total < 5000
    assert (
        TerritoryCount.objects.filter(petition__slug="petites-lignes", kind="departement").count()
        > 20
    )
