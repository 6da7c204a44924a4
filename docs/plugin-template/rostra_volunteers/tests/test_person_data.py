"""The plugin's rows about a person follow the core's merge, data export and
erasure (rostra.personal_data), from the declaration in personal_data.py."""

import pytest
from rostra.people import api

from rostra_volunteers.models import Availability


@pytest.fixture
def offer(volunteer_page):
    person, _created = api.find_or_create(email="camille@example.org", first_name="Camille")
    return Availability.objects.create(
        person=person, page=volunteer_page, skills=["doors", "phone"], note="Le samedi matin"
    )


def test_a_merge_moves_the_offer_to_the_person_kept(offer):
    kept, _created = api.find_or_create(email="camille.martin@example.org")
    api.merge(kept, offer.person)
    offer.refresh_from_db()
    assert offer.person == kept


def test_the_offer_is_in_the_persons_data_export(offer):
    data = api.export_data(offer.person)
    assert data["plugins"]["Bénévoles"]["Propositions d'aide"] == [
        {
            "page": "Devenir bénévole",
            "skills": ["Faire du porte-à-porte", "Appeler les sympathisants"],
            "note": "Le samedi matin",
            "created_at": offer.created_at.isoformat(),
        }
    ]


def test_erasure_blanks_the_offer_and_keeps_nothing(offer):
    report = api.erase(offer.person)
    offer.refresh_from_db()
    assert (offer.skills, offer.note) == ([], "")
    assert "volunteers: 1 propositions d'aide anonymised" in report.done
