"""rostra.countries: the forms' countries, named by django-countries."""

from django.utils import translation

from rostra import countries


def test_the_forms_offer_france_first_and_another_country_last_in_each_language():
    with translation.override("fr"):
        offered = countries.choices()
        assert offered[0] == ("FR", "France")
        assert ("DE", "Allemagne") in offered
        assert ("GB", "Royaume-Uni") in offered
        assert offered[-1] == ("ZZ", "Autre pays")
    with translation.override("en"):
        offered = dict(countries.choices())
        assert offered["DE"] == "Germany"
        assert offered["ZZ"] == "Another country"
    assert len(offered) == len(countries.OFFERED) + 1


def test_names_of_codes_and_of_unknown_codes():
    with translation.override("fr"):
        assert countries.name("BE") == "Belgique"
        assert countries.name("ZZ") == "Autre pays"
        assert countries.name("QQ") == "QQ"


def test_countries_as_people_write_them_in_a_file():
    written = {
        "FR": "FR",
        "de": "DE",
        "DEU": "DE",
        "Allemagne": "DE",
        "royaume-uni": "GB",
        "United Kingdom": "GB",
        " Suisse ": "CH",
        "Japon": "JP",
        "Atlantide": "",
        "": "",
    }
    assert {text: countries.code_for(text) for text in written} == written
