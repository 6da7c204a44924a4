"""One row of a file to cleaned person values, or the reasons it is rejected.

Rejection reasons are gettext_lazy strings with parameters, shown in the
admin's language and the terminal's.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from rostra.people import phones, territories
from rostra.people.canonical import canonical_email

# Strict enough to catch typos and pasted text, fast enough for a million rows.
_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_TRUE = {"true", "t", "1", "yes", "y", "oui", "o", "x", "vrai"}
_FALSE = {"false", "f", "0", "no", "n", "non", "faux", ""}
_COUNTRIES = {
    "france": "FR",
    "belgique": "BE",
    "belgium": "BE",
    "suisse": "CH",
    "switzerland": "CH",
    "luxembourg": "LU",
    "allemagne": "DE",
    "germany": "DE",
    "espagne": "ES",
    "spain": "ES",
    "italie": "IT",
    "italy": "IT",
    "royaume-uni": "GB",
    "united kingdom": "GB",
    "monaco": "MC",
}
DETAIL_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "mobile_phone",
    "address_line1",
    "address_line2",
    "postcode",
    "commune",
    "country",
    "language",
)
LIMITS = {
    "first_name": 150,
    "last_name": 150,
    "address_line1": 200,
    "address_line2": 200,
    "commune": 150,
}


@dataclass
class PersonRow:
    line: int
    email: str
    key: str  # canonical email
    details: dict
    other_emails: list = field(default_factory=list)  # [(email, key)]
    tags: list = field(default_factory=list)
    email_opt_in: bool | None = None
    mobile_opt_in: bool | None = None
    flags: dict = field(default_factory=dict)  # do_not_contact, do_not_call, do_not_email
    external_id: str = ""
    territory: object = None


def is_email(value):
    return _EMAIL.fullmatch(value) is not None


def _flag(value, name, reasons):
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    reasons.append(
        _("“%(value)s” in %(column)s is not yes or no") % {"value": value, "column": name}
    )
    return None


def parse(line, values, mapping, problem=""):
    """(PersonRow, []) or (None, [reasons])."""
    if problem == "encoding":
        return None, [_("characters in another encoding than the rest of the file")]
    raw = {
        name: (values[index].strip() if index < len(values) else "")
        for index, name in mapping.items()
    }
    reasons = []
    email = raw.get("email", "")
    key = canonical_email(email)
    if not email:
        reasons.append(_("no email address"))
    elif not is_email(email) or not key:
        reasons.append(_("“%(email)s” is not an email address") % {"email": email})
    if "Ã" in "".join(raw.values()):
        reasons.append(_("garbled accents (Ã…): the file was converted twice; export it again"))

    country = raw.get("country", "").strip()
    country = _COUNTRIES.get(country.lower(), country.upper()) or "FR"
    if len(country) != 2:
        reasons.append(_("unknown country “%(country)s”") % {"country": raw.get("country")})
        country = "FR"
    details = {"country": country}
    for name in ("first_name", "last_name", "address_line1", "address_line2", "commune"):
        value = raw.get(name, "")
        if value:
            details[name] = value[: LIMITS[name]]
    language = raw.get("language", "").lower()[:2]
    if language in ("fr", "en"):
        details["language"] = language

    postcode = territories.normalise_postcode(raw.get("postcode", ""), country)
    territory = None
    if postcode:
        if not territories.is_valid_postcode(postcode, country):
            reasons.append(_("impossible postcode “%(postcode)s”") % {"postcode": raw["postcode"]})
        else:
            details["postcode"] = postcode
            territory = territories.lookup(postcode, details.get("commune"), country)
    for name in ("phone", "mobile_phone"):
        if raw.get(name):
            try:
                details[name] = phones.normalise(raw[name], country)
            except phones.InvalidPhone as error:
                reasons.append(str(error))

    other_emails = []
    for name in ("email2", "email3", "email4"):
        value = raw.get(name, "")
        if value:
            other_key = canonical_email(value)
            if not is_email(value) or not other_key:
                reasons.append(_("“%(email)s” is not an email address") % {"email": value})
            elif other_key != key:
                other_emails.append((value, other_key))

    flags = {}
    email_opt_in = mobile_opt_in = None
    if "email_opt_in" in raw:
        email_opt_in = _flag(raw["email_opt_in"], "email_opt_in", reasons)
    if "mobile_opt_in" in raw:
        mobile_opt_in = _flag(raw["mobile_opt_in"], "mobile_opt_in", reasons)
    for name in ("do_not_contact", "do_not_call"):
        if name in raw and _flag(raw[name], name, reasons):
            flags[name] = True
    if raw.get("email_unsubscribed") and raw["email_unsubscribed"].lower() not in _FALSE:
        flags["do_not_email"] = True
    if reasons:
        return None, reasons
    tags = [tag.strip()[:100] for tag in re.split(r"[,;|]", raw.get("tags", "")) if tag.strip()]
    return (
        PersonRow(
            line=line,
            email=email[:254],
            key=key,
            details=details,
            other_emails=other_emails,
            tags=tags,
            email_opt_in=email_opt_in,
            mobile_opt_in=mobile_opt_in,
            flags=flags,
            external_id=raw.get("external_id", "")[:64],
            territory=territory,
        ),
        [],
    )
