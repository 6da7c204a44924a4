"""Phone numbers of the French numbering plan: metropolitan France and the
overseas territories that dial 0X XX XX XX XX but have calling codes of their
own. Numbers in the shapes of each territory's own directory."""

import phonenumbers
import pytest
from django.utils import translation

from rostra.people import phones

# (written, postcode, E.164, region libphonenumber places it in)
OVERSEAS = [
    # Guadeloupe (+590): mobiles 0690, fixed lines 0590
    ("0690 12 34 56", "97110", "+590690123456", "GP"),
    ("0590 81 12 34", "97110", "+590590811234", "GP"),
    # Martinique (+596)
    ("0696 20 12 34", "97200", "+596696201234", "MQ"),
    ("0596 30 12 34", "97200", "+596596301234", "MQ"),
    # Guyane (+594)
    ("0694 20 12 34", "97300", "+594694201234", "GF"),
    ("0594 10 12 34", "97300", "+594594101234", "GF"),
    # La Réunion (+262)
    ("0692 12 34 56", "97400", "+262692123456", "RE"),
    ("0693 01 23 45", "97400", "+262693012345", "RE"),
    ("0262 16 12 34", "97400", "+262262161234", "RE"),
    # Mayotte (+262)
    ("0639 01 23 45", "97600", "+262639012345", "YT"),
    ("0269 60 12 34", "97600", "+262269601234", "YT"),
    # Saint-Pierre-et-Miquelon (+508): six-digit numbers
    ("41 23 45", "97500", "+508412345", "PM"),
    ("055 12 34", "97500", "+508551234", "PM"),
    # Saint-Barthélemy and Saint-Martin (+590, like Guadeloupe)
    ("0590 27 12 34", "97133", "+590590271234", "BL"),
    ("0690 30 12 34", "97133", "+590690301234", "GP"),  # mobiles: one range for the three
    ("0590 77 12 34", "97150", "+590590771234", "MF"),
]


@pytest.mark.parametrize(("written", "postcode", "e164", "region"), OVERSEAS)
def test_overseas_numbers_written_as_national_numbers_get_their_territorys_code(
    written, postcode, e164, region
):
    assert phones.normalise(written, "FR", postcode) == e164
    number = phonenumbers.parse(e164)
    assert phonenumbers.is_valid_number(number)
    assert phonenumbers.region_code_for_number(number) == region


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        # Ranges no metropolitan number uses: the territory without a postcode.
        ("0690 12 34 56", "+590690123456"),
        ("0696 20 12 34", "+596696201234"),
        ("0694 20 12 34", "+594694201234"),
        ("0692 12 34 56", "+262692123456"),
        ("0639 01 23 45", "+262639012345"),
        ("0262 16 12 34", "+262262161234"),
        ("0590 81 12 34", "+590590811234"),
        # The same, as spreadsheets and hurried people write them.
        ("690123456", "+590690123456"),  # leading zero lost to a number cell
        ("06.90.12.34.56", "+590690123456"),
        ("+33 6 90 12 34 56", "+590690123456"),  # the territory's number, not a French one
        ("+590 690 12 34 56", "+590690123456"),
        ("00262 692 12 34 56", "+262692123456"),
        # Metropolitan France, unchanged.
        ("06 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("33612345678", "+33612345678"),  # a + dropped by an export
        ("612345678", "+33612345678"),
        ("01 23 45 67 89", "+33123456789"),
    ],
)
def test_without_a_postcode_the_number_itself_tells(written, e164):
    assert phones.normalise(written) == e164


@pytest.mark.parametrize(
    ("written", "postcode", "e164"),
    [
        # 0269, 0263 and 0596 are French fixed lines too; 09 numbers exist in both.
        ("0596 30 12 34", "", "+33596301234"),
        ("0596 30 12 34", "97200", "+596596301234"),
        ("0269 60 12 34", "", "+33269601234"),
        ("0269 60 12 34", "97610", "+262269601234"),
        ("0263 01 23 45", "97400", "+262263012345"),
        ("0939 51 23 45", "", "+33939512345"),
        ("0939 51 23 45", "97122", "+590939512345"),
        # A metropolitan mobile stays French wherever its owner lives.
        ("06 12 34 56 78", "97400", "+33612345678"),
        # Six digits are Saint-Pierre-et-Miquelon's only with its postcode.
        ("41 23 45", "97500", "+508412345"),
    ],
)
def test_where_prefixes_are_shared_the_postcode_picks_the_territory(written, postcode, e164):
    assert phones.normalise(written, "FR", postcode) == e164


def test_a_territory_given_as_the_country_is_used_like_its_postcode():
    assert phones.normalise("0269 60 12 34", "YT") == "+262269601234"
    assert phones.normalise("41 23 45", "PM") == "+508412345"


@pytest.mark.parametrize("written", ["41 23 45", "01 23", "06 12 34", "0690 12 34 5", "bonjour"])
def test_numbers_that_are_not_numbers_are_refused_with_a_reason(written):
    with pytest.raises(phones.InvalidPhone) as refused:
        phones.normalise(written, "FR", "75011")
    assert written in str(refused.value)
    french = pytest.raises(phones.InvalidPhone, match="numéro de téléphone")
    with translation.override("fr"), french:
        phones.normalise(written, "FR", "75011")


def test_other_countries_are_read_in_their_own_plan():
    assert phones.normalise("0470 12 34 56", "BE") == "+32470123456"
    assert phones.normalise("+33 6 12 34 56 78", "BE") == "+33612345678"


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("590690123456", "+590690123456"),  # Brevo's SMS column: the code without its +
        ("262639012345", "+262639012345"),
        ("+61 412 345 678", "+61412345678"),  # a calling code outside the French plan
        ("0061 412 345 678", "+61412345678"),
    ],
)
def test_calling_codes_are_read_as_written(written, e164):
    assert phones.normalise(written) == e164
