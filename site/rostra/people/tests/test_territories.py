import pytest

from rostra.people import constituencies, territories
from rostra.people.models import Constituency, ConstituencyArea, Person

# A lookup reads the constituency table again when the shared version moved or
# five seconds passed (the cache is cleared between tests): every test may touch
# the database, as a lookup in production does.
pytestmark = pytest.mark.django_db


def test_a_postcode_of_one_commune_gives_the_whole_territory():
    place = territories.lookup("01400", "L'Abergement-Clémenciat")
    assert place.commune_code == "01001"
    assert place.commune_name == "L'Abergement-Clémenciat"
    assert (place.departement_code, place.departement_name) == ("01", "Ain")
    assert (place.region_code, place.region_name) == ("84", "Auvergne-Rhône-Alpes")


def test_the_town_name_chooses_among_communes_sharing_a_postcode():
    # 01400 is shared by several communes of the Ain.
    assert territories.lookup("01400", "Chatillon sur Chalaronne").commune_code == "01093"
    shared = territories.lookup("01400")
    assert shared.commune_code == "" and shared.departement_code == "01"


def test_paris_lyon_marseille_are_placed_in_their_arrondissement():
    place = territories.lookup("75011", "Paris")
    assert (place.commune_code, place.district_code) == ("75056", "75111")
    assert territories.lookup("13001", "Marseille").district_code == "13201"
    assert territories.lookup("69003").commune_name == "Lyon"


def test_leading_zero_dropped_by_spreadsheets_and_cedex_are_understood():
    assert territories.lookup("1400", "Châtillon-sur-Chalaronne").commune_code == "01093"
    assert territories.lookup("75011", "PARIS CEDEX 11").commune_code == "75056"


def test_impossible_or_foreign_postcodes():
    assert territories.lookup("99999") is None
    assert not territories.is_valid_postcode("99999")
    assert not territories.is_valid_postcode("00000")
    assert territories.is_valid_postcode("75011")
    assert territories.is_valid_postcode("1000", "BE")
    assert not territories.is_valid_postcode("ABCDE", "DE")
    assert territories.lookup("10115", country="DE") is None


def test_overseas_and_names():
    assert territories.lookup("97400", "Saint-Denis").departement_name == "La Réunion"
    assert territories.departement_name("2A") == "Corse-du-Sud"
    assert territories.region_name("11") == "Île-de-France"
    assert territories.departement_name("00") == ""


def test_a_town_name_alone_is_enough_when_it_is_unique():
    assert territories.lookup("", "Villeurbanne").departement_code == "69"
    assert territories.lookup("", "Saint-Denis") is None  # several


def test_constituencies_are_named_sets_of_communes_that_replace_people():
    person = Person.objects.create(email="a@example.org", postcode="69100", commune="Villeurbanne")
    assert person.commune_code == "69266" and person.constituency == ""
    count, areas, errors = constituencies.import_csv(
        "constituency_code;constituency_name;commune_code\n"
        "69-06;Rhône, 6e circonscription;69266\n"
        "75-06;Paris, 6e circonscription;75111\n"
    )
    assert (count, areas, errors) == (2, 2, [])
    person.refresh_from_db()
    assert person.constituency == "69-06"
    assert territories.lookup("75011", "Paris").constituency == "75-06"
    assert territories.lookup("75012", "Paris").constituency == ""

    # Moving the commune to another constituency moves its people.
    other = Constituency.objects.create(code="69-07", name="Rhône, 7e")
    old = list(ConstituencyArea.objects.filter(code="69266").values_list("code", flat=True))
    ConstituencyArea.objects.filter(code="69266").update(constituency=other)
    other.territory_changed(old_codes=old)
    person.refresh_from_db()
    assert person.constituency == "69-07"


def test_constituency_import_rejects_unknown_communes_and_imports_nothing():
    count, areas, errors = constituencies.import_csv(
        "constituency_code,constituency_name,commune_code\nX,Y,69266\nX,Y,99999\n"
    )
    assert (count, areas) == (0, 0)
    assert errors == [(3, "unknown INSEE commune code '99999'")]
    assert not Constituency.objects.exists()


@pytest.mark.django_db
def test_constituencies_from_a_french_excel_file():
    # Windows-1252, semicolons, a BOM-less header and a blank row: the reader of
    # every import (rostra.tables) reads it; errors keep the file's line numbers.
    content = (
        "constituency_code;constituency_name;commune_code\r\n"
        "13-01;Bouches-du-Rhône, 1re circonscription;13201\r\n"
        "\r\n"
        "13-01;Bouches-du-Rhône, 1re circonscription;99999\r\n"
    ).encode("cp1252")
    assert constituencies.import_csv(content) == (
        0,
        0,
        [(4, "unknown INSEE commune code '99999'")],
    )
    count, areas, errors = constituencies.import_csv(content.replace(b"99999", b"13202"))
    assert (count, areas, errors) == (1, 2, [])
    assert Constituency.objects.get().name == "Bouches-du-Rhône, 1re circonscription"
