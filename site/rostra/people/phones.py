"""Phone numbers, stored in E.164 (+33612345678), parsed with libphonenumber
(the ``phonenumberslite`` package); numbers without a country code are read as
French unless the person's country says otherwise.

Parsing with libphonenumber costs ~100 µs a number, which a million-row import
cannot afford, so the common French shapes (0X XX XX XX XX, +33 …, 0033 …) are
checked against libphonenumber's own French number patterns, compiled once; any
other shape goes through the library.
"""

import re
from functools import cache

import phonenumbers
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s.\-/()]+")
_FRENCH = re.compile(r"(?:\+33|0033|0)(?:\(0\))?([1-9]\d{8})")


class InvalidPhone(ValueError):
    pass


@cache
def _french_pattern():
    meta = phonenumbers.PhoneMetadata.metadata_for_region("FR")
    kinds = [
        meta.fixed_line,
        meta.mobile,
        meta.toll_free,
        meta.premium_rate,
        meta.shared_cost,
        meta.voip,
        meta.uan,
    ]
    patterns = [kind.national_number_pattern for kind in kinds if kind is not None]
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def normalise(raw, country="FR"):
    """The E.164 form of a phone number ("" for a blank one); InvalidPhone when
    it is not a possible number."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    compact = _SEPARATORS.sub("", raw)
    country = (country or "FR").upper()
    if country == "FR" or compact.startswith(("+33", "0033")):
        match = _FRENCH.fullmatch(compact)
        if match and _french_pattern().fullmatch(match.group(1)):
            return "+33" + match.group(1)
    try:
        number = phonenumbers.parse(raw, country)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhone(_("“%(number)s” is not a phone number.") % {"number": raw}) from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(_("“%(number)s” is not a valid phone number.") % {"number": raw})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_mobile(e164):
    """Whether an E.164 number is a mobile (where texts can go)."""
    if not e164:
        return False
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return False
    kind = phonenumbers.number_type(number)
    return kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def display(e164):
    """A stored number as people read it (national format for French numbers)."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 33
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
