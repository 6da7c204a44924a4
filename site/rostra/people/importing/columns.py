"""Which column holds what: our names, French names and NationBuilder's."""

import re
import unicodedata

# field -> header names understood (compared without case, accents or punctuation)
ALIASES = {
    "external_id": ["nationbuilder_id", "id", "external_id"],
    "email": ["email", "email1", "e-mail", "courriel", "mail", "email_address", "adresse email"],
    "email2": ["email2"],
    "email3": ["email3"],
    "email4": ["email4"],
    "first_name": ["first_name", "firstname", "prenom", "given_name"],
    "last_name": ["last_name", "lastname", "nom", "nom de famille", "family_name", "surname"],
    "phone": ["phone_number", "phone", "telephone", "tel", "work_phone_number", "home_phone"],
    "mobile_phone": ["mobile_number", "mobile", "portable", "cell", "mobile_phone"],
    "address_line1": ["primary_address1", "address1", "address", "adresse", "address_line1"],
    "address_line2": ["primary_address2", "address2", "complement d adresse", "address_line2"],
    "commune": ["primary_city", "city", "ville", "commune", "town"],
    "postcode": ["primary_zip", "zip", "postcode", "postal_code", "code postal", "cp"],
    "country": ["primary_country_code", "primary_country", "country", "country_code", "pays"],
    "language": ["language", "locale", "langue"],
    "tags": ["tag_list", "tags", "etiquettes"],
    "email_opt_in": ["email_opt_in", "newsletter", "opt_in_email", "optin_email"],
    "mobile_opt_in": ["mobile_opt_in", "sms_opt_in", "opt_in_sms"],
    "do_not_contact": ["do_not_contact"],
    "do_not_call": ["do_not_call"],
    "email_unsubscribed": ["email_unsubscribed", "unsubscribed_at"],
}
REQUIRED = ("email",)


def simplify(header):
    text = unicodedata.normalize("NFKD", header or "").encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


_LOOKUP = {simplify(alias): field for field, aliases in ALIASES.items() for alias in aliases}


def map_header(header):
    """{column index: field} for the columns we understand, and the unknown
    header names (reported, ignored)."""
    mapping, unknown = {}, []
    for index, name in enumerate(header):
        field = _LOOKUP.get(simplify(name))
        if field and field not in mapping.values():
            mapping[index] = field
        elif name.strip():
            unknown.append(name)
    return mapping, unknown


def missing_required(mapping):
    return [field for field in REQUIRED if field not in mapping.values()]
