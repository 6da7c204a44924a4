"""Phone numbers, stored in E.164 (+33612345678), parsed with libphonenumber
(the ``phonenumberslite`` package). Every way a number comes in — imports,
public forms, the admin, the API — goes through ``normalise``.

**The French numbering plan.** Metropolitan France and eight overseas
territories dial each other's numbers as ten-digit national numbers
(0X XX XX XX XX), but the territories have calling codes of their own:
Guadeloupe, Saint-Barthélemy and Saint-Martin +590, Martinique +596, Guyane
+594, La Réunion and Mayotte +262, Saint-Pierre-et-Miquelon +508 (six-digit
numbers). "0690 12 34 56" is a Guadeloupe mobile, +590 690 12 34 56, not a
French one. A national number is tried against each territory's number
patterns (libphonenumber's metadata): the territory of the person's postcode
first (or of their country, if it is one of those territories), then
metropolitan France, then the others. Ranges only the territories use (0690,
0692/0693, 0694, 0696/0697, 0639, 0262, 0590, 0594, 0596, …) find their
territory even without a postcode; ranges metropolitan France shares with them
(0263, 0269, 08…, 09…) are read as French unless the postcode says otherwise.
"+33 690…", a common slip, is read as the territory's number too.

Parsing with libphonenumber costs ~100 µs a number, which a million-row import
cannot afford, so these shapes are checked against libphonenumber's own
patterns, compiled once; any other shape goes through the library.
"""

import re
from functools import cache

import phonenumbers
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s.\-/()]+")
# A number of the French plan: a calling code of the plan (+33, 0033, or 33
# when an export dropped the +), a trunk 0 (also after the code, "+33 (0)6…";
# missing when a spreadsheet took the number for an integer), nine digits.
_FRENCH_PLAN_NUMBER = re.compile(r"(?:(?:\+|00)?(33|590|594|596|262|508))?0?([1-9]\d{8})")
_SHORT_NUMBER = re.compile(r"0?([1-9]\d{5})")  # Saint-Pierre-et-Miquelon

TERRITORIES = ("GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF")
FRENCH_PLAN = ("FR", *TERRITORIES)
# La Poste's postcodes of the territories: (prefix, region), most specific first.
_POSTCODE_REGIONS = (
    ("97133", "BL"),
    ("97150", "MF"),
    ("971", "GP"),
    ("972", "MQ"),
    ("973", "GF"),
    ("974", "RE"),
    ("975", "PM"),
    ("976", "YT"),
)


class InvalidPhone(ValueError):
    pass


@cache
def _pattern(region):
    """Every kind of number a region has (fixed, mobile, VoIP, …), one regex."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
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
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns if pattern))


@cache
def _regions():
    """{region: (its numbers' fullmatch, "+calling code")} for the French plan."""
    return {
        region: (
            _pattern(region).fullmatch,
            f"+{phonenumbers.PhoneMetadata.metadata_for_region(region).country_code}",
        )
        for region in FRENCH_PLAN
    }


def territory_of(postcode="", country="FR"):
    """The overseas territory a person's country or postcode places them in
    (a region code of ``TERRITORIES``), or ""."""
    country = (country or "FR").upper()
    if country in TERRITORIES:
        return country
    if country != "FR" or not postcode:
        return ""
    postcode = postcode.replace(" ", "")
    if not postcode.startswith("97"):
        return ""
    for prefix, region in _POSTCODE_REGIONS:
        if postcode.startswith(prefix):
            return region
    return ""


@cache
def _order(first, code):
    """The regions a nine-digit number is tried in: for a national number, the
    person's territory first, then metropolitan France, then the others; +33
    means metropolitan France first; another calling code, its regions only."""
    others = tuple(region for region in TERRITORIES if region != first)
    mine = (first,) if first else ()
    if code is None:
        return (*mine, "FR", *others)
    if code == "33":
        return ("FR", *mine, *others)
    same = tuple(region for region in (*mine, *others) if _regions()[region][1] == "+" + code)
    return same


def _french_plan(compact, country, postcode):
    """E.164 of a number written in the French plan's shapes, or ""."""
    regions = _regions()
    match = _FRENCH_PLAN_NUMBER.fullmatch(compact)
    if country == "FR" and not postcode.startswith("97"):
        first = ""
        if match is not None and match[1] in (None, "33") and regions["FR"][0](match[2]):
            return "+33" + match[2]  # the common case, at once
    else:
        first = territory_of(postcode, country)
    if match is None:
        short = _SHORT_NUMBER.fullmatch(compact) if first == "PM" else None
        if short and regions["PM"][0](short[1]):
            return "+508" + short[1]
        return ""
    code, number = match.groups()
    for region in _order(first, code):
        fullmatch, prefix = regions[region]
        if fullmatch(number):
            return prefix + number
    return ""


def normalise(raw, country="FR", postcode=""):
    """The E.164 form of a phone number ("" for a blank one); InvalidPhone when
    it is not a valid number. Numbers without a calling code are read in the
    person's country (French by default); ``postcode`` places a French number
    in its overseas territory (above)."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    compact = _SEPARATORS.sub("", raw)
    country = (country or "FR").upper()
    if country in FRENCH_PLAN or compact.startswith(("+33", "0033")):
        found = _french_plan(compact, country, postcode or "")
        if found:
            return found
    region = territory_of(postcode, country) or country
    try:
        number = phonenumbers.parse(raw, region)
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
