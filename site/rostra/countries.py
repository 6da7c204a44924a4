"""The countries of the public forms and the imports: ISO 3166 codes, named in
the visitor's language by django-countries (its names and translations).

The forms offer France first and the countries French signers and donors most
often live in, then "another country" (ZZ, a code ISO 3166 leaves to its users):
a short list keeps the form quick, and the petitions' per-country abuse limit
counts every other country in one window (rostra_petitions.abuse) rather than
one per country a bot could pick in turn.
"""

from django.utils.translation import gettext_lazy as _
from django_countries import countries

OFFERED = (
    "FR",
    "BE",
    "LU",
    "CH",
    "MC",
    "AD",
    "DE",
    "ES",
    "IT",
    "PT",
    "NL",
    "IE",
    "GB",
    "AT",
    "DK",
    "SE",
    "FI",
    "PL",
    "CZ",
    "GR",
    "RO",
    "HU",
    "MA",
    "DZ",
    "TN",
    "SN",
    "CA",
    "US",
)
ANOTHER = "ZZ"
ANOTHER_NAME = _("Another country")


def choices():
    """(code, name) in the active language. Give a form field the function
    itself, so that each form is rendered in its visitor's language."""
    return [(code, countries.name(code)) for code in OFFERED] + [(ANOTHER, ANOTHER_NAME)]


def name(code):
    """A code's name in the active language; the code itself when unknown."""
    if code == ANOTHER:
        return str(ANOTHER_NAME)
    return countries.name(code) or code


def code_for(written):
    """A country as people write it in a file (an ISO code of two or three
    letters, or its name in French or English, any case) → its two-letter
    code, or "" when it names no country."""
    written = " ".join(written.split())
    if not written:
        return ""
    return (
        countries.alpha2(written)
        or countries.by_name(written, language="fr")
        or countries.by_name(written, language="en")
    )
