import io

import pytest
from django.core.management import call_command

from rostra_petitions.models import PetitionPage, PetitionState, TerritoryCount


@pytest.mark.django_db
def test_the_demo_adds_two_petitions_once():
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    petitions = PetitionPage.objects.live()
    assert petitions.count() == 2
    near = PetitionState.objects.get(petition__slug="petites-lignes")
    assert 0.9 * 5000 <= near.total < 5000
    assert (
        TerritoryCount.objects.filter(petition__slug="petites-lignes", kind="departement").count()
        > 20
    )
