"""Which column holds what: the header names of the files people import.

``HEADERS`` is the one table of the header names understood, per person field
and per tool that writes them: French spreadsheets (what a party's Excel files
say), NationBuilder, Action Network, CiviCRM, Mailchimp and Brevo exports, and
Rostra's own export (NationBuilder's names). Headers are compared simplified
(``simplify``): without case, accents, punctuation, extra spaces, and without
the filler words of French headers ("N° de", "d'"), so "Téléphone portable",
"TÉL. PORTABLE" and "N° de portable" are one header. docs/people.md shows the
table, generated from this one (``scripts/people-import-columns``; a test
checks they agree).
"""

import re
import unicodedata

SOURCES = (
    "French spreadsheets",
    "NationBuilder",
    "Action Network",
    "CiviCRM",
    "Mailchimp",
    "Brevo",
)

# field -> {source: [header names, as that source writes them]}. "" holds ours
# and other common English names; each tool's list is what its export writes
# (a name may be in several lists).
HEADERS = {
    "external_id": {
        "": ["external_id", "id"],
        "NationBuilder": ["nationbuilder_id"],
        "Action Network": ["uuid"],
        "CiviCRM": ["Contact ID", "External Identifier"],
        "Mailchimp": ["LEID"],
        "Brevo": ["EXT_ID"],
    },
    "email": {
        "": ["email", "email_address", "e-mail"],
        "French spreadsheets": [
            "Courriel",
            "E-mail",
            "Adresse e-mail",
            "Adresse email",
            "Adresse mail",
            "Adresse électronique",
            "Mail",
        ],
        "NationBuilder": ["email", "email1"],
        "Action Network": ["email"],
        "CiviCRM": ["Email"],
        "Mailchimp": ["Email Address"],
        "Brevo": ["EMAIL"],
    },
    "email2": {"NationBuilder": ["email2"]},
    "email3": {"NationBuilder": ["email3"]},
    "email4": {"NationBuilder": ["email4"]},
    "first_name": {
        "": ["first_name", "firstname", "first name", "given_name"],
        "French spreadsheets": ["Prénom"],
        "NationBuilder": ["first_name"],
        "Action Network": ["first_name"],
        "CiviCRM": ["First Name"],
        "Mailchimp": ["First Name"],
        "Brevo": ["FIRSTNAME", "PRENOM"],
    },
    "last_name": {
        "": ["last_name", "lastname", "last name", "family_name", "surname"],
        "French spreadsheets": ["Nom", "Nom de famille", "Nom d'usage"],
        "NationBuilder": ["last_name"],
        "Action Network": ["last_name"],
        "CiviCRM": ["Last Name"],
        "Mailchimp": ["Last Name"],
        "Brevo": ["LASTNAME", "NOM"],
    },
    "phone": {
        "": ["phone", "phone_number", "telephone", "tel"],
        "French spreadsheets": [
            "Téléphone",
            "Tél.",
            "Téléphone fixe",
            "Tél. fixe",
            "Fixe",
            "Téléphone domicile",
            "Tél. domicile",
            "N° de téléphone",
            "Numéro de téléphone",
        ],
        "NationBuilder": ["phone_number", "work_phone_number"],
        "Action Network": ["can2_phone", "Phone Number"],
        "CiviCRM": ["Phone"],
        "Mailchimp": ["Phone Number"],
        "Brevo": ["LANDLINE_NUMBER"],
    },
    "mobile_phone": {
        "": ["mobile_phone", "mobile", "mobile_number", "cell", "cell_phone"],
        "French spreadsheets": [
            "Portable",
            "Téléphone portable",
            "Tél. portable",
            "N° de portable",
            "Mobile",
            "Téléphone mobile",
            "Tél. mobile",
            "GSM",
        ],
        "NationBuilder": ["mobile_number"],
        "Action Network": ["mobile_number"],
        "Brevo": ["SMS"],
    },
    "address_line1": {
        "": ["address_line1", "address1", "address", "street_address"],
        "French spreadsheets": ["Adresse", "Adresse 1", "Adresse ligne 1", "Rue"],
        "NationBuilder": ["primary_address1"],
        "Action Network": ["can2_user_address"],
        "CiviCRM": ["Street Address"],
        "Mailchimp": ["Address"],
    },
    "address_line2": {
        "": ["address_line2", "address2"],
        "French spreadsheets": ["Complément d'adresse", "Adresse 2", "Adresse ligne 2"],
        "NationBuilder": ["primary_address2"],
        "CiviCRM": ["Supplemental Address 1"],
    },
    "commune": {
        "": ["city", "town", "commune"],
        "French spreadsheets": ["Ville", "Commune", "Localité"],
        "NationBuilder": ["primary_city"],
        "Action Network": ["can2_user_city"],
        "CiviCRM": ["City"],
    },
    "postcode": {
        "": ["postcode", "postal_code", "zip", "zip_code"],
        "French spreadsheets": ["Code postal", "CP"],
        "NationBuilder": ["primary_zip"],
        "Action Network": ["zip_code"],
        "CiviCRM": ["Postal Code"],
    },
    "country": {
        "": ["country", "country_code"],
        "French spreadsheets": ["Pays"],
        "NationBuilder": ["primary_country_code", "primary_country"],
        "Action Network": ["can2_country"],
        "CiviCRM": ["Country"],
        "Mailchimp": ["CC"],
    },
    "language": {
        "": ["language", "locale"],
        "French spreadsheets": ["Langue"],
        "NationBuilder": ["locale"],
        "CiviCRM": ["Preferred Language"],
    },
    "tags": {
        "": ["tags"],
        "French spreadsheets": ["Étiquettes", "Mots-clés", "Tags"],
        "NationBuilder": ["tag_list"],
        "Action Network": ["can2_user_tags"],
        "CiviCRM": ["Tag(s)"],
        "Mailchimp": ["TAGS"],
    },
    "email_opt_in": {
        "": ["email_opt_in", "opt_in_email", "optin_email", "newsletter"],
        "NationBuilder": ["email_opt_in"],
    },
    "mobile_opt_in": {
        "": ["mobile_opt_in", "sms_opt_in", "opt_in_sms"],
        "NationBuilder": ["mobile_opt_in"],
    },
    "do_not_contact": {
        "": ["do_not_contact"],
        "French spreadsheets": ["Ne pas contacter"],
        "NationBuilder": ["do_not_contact"],
    },
    "do_not_call": {
        "": ["do_not_call"],
        "French spreadsheets": ["Ne pas appeler"],
        "NationBuilder": ["do_not_call"],
        "CiviCRM": ["Do Not Phone"],
    },
    "do_not_text": {
        "": ["do_not_text", "do_not_sms"],
        "CiviCRM": ["Do Not SMS"],
    },
    "email_unsubscribed": {
        "": ["email_unsubscribed", "unsubscribed_at", "unsubscribed"],
        "French spreadsheets": ["Désabonné", "Date de désabonnement"],
        "CiviCRM": ["Do Not Email", "No Bulk Emails (User Opt Out)"],
        "Mailchimp": ["UNSUB_TIME"],
    },
    "email_status": {
        "Action Network": ["can2_subscription_status"],
    },
    "sms_status": {
        "Action Network": ["can2_sms_status"],
    },
}
# What each field holds, for the docs.
MEANING = {
    "external_id": "the person's id in the other tool (kept on their timeline)",
    "email": "main email address (required)",
    "email2": "other addresses: they find the same person",
    "email3": "",
    "email4": "",
    "first_name": "",
    "last_name": "",
    "phone": "phone (landline or any); E.164, overseas territories included",
    "mobile_phone": "mobile",
    "address_line1": "",
    "address_line2": "",
    "commune": "town",
    "postcode": "French postcodes are checked against La Poste's list",
    "country": "ISO code or name; France when blank",
    "language": "fr or en (fr_FR, en_GB… too)",
    "tags": "separated by , ; or |",
    "email_opt_in": "yes: newsletter by email (recorded in the ledger with the wording given)",
    "mobile_opt_in": "yes: newsletter by text",
    "do_not_contact": "yes/no; only ever set",
    "do_not_call": "yes/no; only ever set",
    "do_not_text": "yes/no; only ever set",
    "email_unsubscribed": "anything but blank or no (a date, yes): do not email",
    "email_status": "unsubscribed, bouncing, spam complaint: do not email",
    "sms_status": "unsubscribed…: do not text",
}
REQUIRED = ("email",)
# Fields several columns of one file may hold (NationBuilder's phone_number and
# work_phone_number, CiviCRM's "Do Not Email" and "No Bulk Emails"): the first
# filled-in one is read, and for a "do not" flag, any "yes" (rows.Parser).
REPEATABLE = frozenset(
    {"phone", "mobile_phone", "email_unsubscribed", "do_not_contact", "do_not_call", "do_not_text"}
)

# Words French headers add around the name ("N° de téléphone", "Complément d'adresse").
_FILLERS = frozenset({"n", "no", "num", "numero", "de", "du", "d", "l", "la", "le", "votre"})


def simplify(header):
    """A header as compared: lower case ASCII words, fillers left out."""
    text = unicodedata.normalize("NFKD", header or "")
    text = "".join(char for char in text if not unicodedata.combining(char))  # accents
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()  # ’ ° . _ - ( ) …
    return " ".join(word for word in words if word not in _FILLERS)


def _lookup():
    found = {}
    for field, by_source in HEADERS.items():
        for names in by_source.values():
            for name in names:
                other = found.setdefault(simplify(name), field)
                if other != field:  # a header must say one thing
                    raise ValueError(f"header {name!r} names both {other} and {field}")
    return found


_LOOKUP = _lookup()


def map_header(header):
    """{column index: field} for the columns we understand, and the unknown
    header names (reported, ignored). A second column for a field already
    found is reported too, unless the field is REPEATABLE."""
    mapping, unknown = {}, []
    for index, name in enumerate(header):
        field = _LOOKUP.get(simplify(name))
        if field and (field in REPEATABLE or field not in mapping.values()):
            mapping[index] = field
        elif name.strip():
            unknown.append(name)
    return mapping, unknown


def missing_required(mapping):
    return [field for field in REQUIRED if field not in mapping.values()]


def markdown_table():
    """The table as docs/people.md shows it: a row per field, its headers by
    source."""
    lines = ["| field | headers understood |", "| --- | --- |"]
    for field, by_source in HEADERS.items():
        meaning = f" — {MEANING[field]}" if MEANING.get(field) else ""
        parts = [
            (f"{source}: " if source else "") + ", ".join(f"`{name}`" for name in by_source[source])
            for source in ("", *SOURCES)
            if by_source.get(source)
        ]
        lines.append(f"| `{field}`{meaning} | {'; '.join(parts)} |")
    return "\n".join(lines) + "\n"
