"""One row of a file to cleaned person values, or the reasons it is rejected.

A Parser is made once per file (its columns, its territory lookups) and costs a
few microseconds a row: regular expressions and dictionary lookups, with the
slow paths (libphonenumber, the town-name matching) only for what the fast
ones cannot tell. Rejection reasons are translated when the row is parsed, in
the language active then (the admin's or the terminal's).
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from rostra import countries
from rostra.people import constituencies, phones, territories
from rostra.people.canonical import canonical_email
from rostra.people.models import Person

# Strict enough to catch typos and pasted text, fast enough for a million rows.
_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_TAG_SPLIT = re.compile(r"[,;|]")
_TRUE = {"true", "t", "1", "yes", "y", "oui", "o", "x", "vrai"}
_FALSE = {"false", "f", "0", "no", "n", "non", "faux", ""}
# Subscription statuses (Action Network's can2_subscription_status and
# can2_sms_status, French words): the ones that mean "do not send".
_STOPPED = {"unsubscribed", "bouncing", "spam complaint", "cleaned", "désabonné", "desabonne"}
_RUNNING = {"subscribed", "pending", "abonné", "abonne", ""}
_STATUS_FLAGS = {"email_status": "do_not_email", "sms_status": "do_not_text"}
_ANY_YES = {"email_unsubscribed", "do_not_contact", "do_not_call", "do_not_text"}
# The text details taken as written, cut to what the database holds.
LIMITS = {
    name: Person._meta.get_field(name).max_length
    for name in ("first_name", "last_name", "address_line1", "address_line2", "commune")
}


@dataclass(slots=True)  # tens of thousands alive at once while a file is imported
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
    copy_line: str = ""  # PostgreSQL's staging line, formatted by the parsing thread
    notes: tuple = ()  # what was left out of the row, said in the report
    # Later rows of the file for the same person, merged into this one before
    # anything is written: [(line, first line of the person, notes)] (duplicates).
    absorbed: tuple = ()
    merged_with: int = 0  # the line of this person's first row, written in an earlier chunk


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
    """(PersonRow, []) or (None, [reasons]); Parser(mapping).parse for many rows."""
    return Parser(mapping).parse(line, values, problem)


class Parser:
    """Parses the rows of one file, whose columns are ``mapping`` ({index: field})
    under the file's ``header`` (its names are those the report gives)."""

    def __init__(self, mapping, header=()):
        self.columns = [(index, name) for index, name in sorted(mapping.items())]
        # {column index: its name in the file}, for the report
        self.header = {
            index: (header[index].strip() if index < len(header) else "") or name
            for index, name in mapping.items()
        }
        self.index = {name: index for index, name in reversed(self.columns)}  # the first
        self.repeated = len(self.index) < len(self.columns)
        self.statuses = [(name, flag) for name, flag in _STATUS_FLAGS.items() if name in self.index]
        self.width = max(mapping, default=-1) + 1
        # One constituency table for the whole file, read now: the rows may be
        # parsed in another thread, which must not query the database.
        self.place = territories.placer(constituencies.mapping())
        self.places = {}  # (postcode as written, town, country) -> (postcode, valid, territory)

    def _territory(self, raw_postcode, commune, country):
        key = (raw_postcode, commune, country)
        found = self.places.get(key)
        if found is None:
            postcode = territories.normalise_postcode(raw_postcode, country)
            valid = bool(postcode) and territories.is_valid_postcode(postcode, country)
            place = self.place(postcode, commune, country) if valid else None
            found = self.places[key] = (postcode, valid, place)
            if len(self.places) > 200_000:  # a file of unique addresses: stay small
                self.places.clear()
        return found

    def _combined(self, values):
        """The row's values when several columns hold one field: the first
        filled-in one, or for a "do not" flag the first that says yes. Also
        {field: index of the column read}."""
        raw, used = {}, {}
        for index, name in self.columns:
            value = values[index].strip()
            held = raw.get(name)
            if held is None or (
                value and (not held or (name in _ANY_YES and held.lower() in _FALSE))
            ):
                raw[name], used[name] = value, index
        return raw, used

    def locate(self, postcode, commune, country):
        """The territory of an address (None when the postcode does not exist)."""
        return self._territory(postcode, commune, country)[2]

    def parse(self, line, values, problem=""):
        """(PersonRow, []) or (None, [reasons])."""
        if problem == "encoding":
            return None, [_("characters in another encoding than the rest of the file")]
        if len(values) < self.width:
            values = [*values, *[""] * (self.width - len(values))]
        if self.repeated:
            raw, used = self._combined(values)
        else:
            raw = {name: values[index].strip() for index, name in self.columns}
            used = self.index
        get = raw.get
        reasons = []
        email = get("email", "")
        key = canonical_email(email)
        if not email:
            reasons.append(_("no email address"))
        elif not key or _EMAIL.fullmatch(email) is None:
            reasons.append(_("“%(email)s” is not an email address") % {"email": email})
        if "Ã" in "".join(raw.values()):
            reasons.append(_("garbled accents (Ã…): the file was converted twice; export it again"))

        written_country = get("country", "")
        country = countries.code_for(written_country) if written_country else "FR"
        if not country:
            reasons.append(_("unknown country “%(country)s”") % {"country": written_country})
            country = "FR"
        details = {"country": country}
        for name, limit in LIMITS.items():
            value = get(name)
            if value:
                details[name] = value[:limit]
        language = get("language", "").lower()[:2]
        if language in ("fr", "en"):
            details["language"] = language

        territory = None
        raw_postcode = get("postcode")
        if raw_postcode:
            postcode, valid, territory = self._territory(
                raw_postcode, details.get("commune", ""), country
            )
            if postcode and not valid:
                reasons.append(_("impossible postcode “%(postcode)s”") % {"postcode": raw_postcode})
            elif postcode:
                details["postcode"] = postcode
        notes = ()
        for name in ("phone", "mobile_phone"):
            value = get(name)
            if value:
                try:
                    details[name] = phones.normalise(value, country, details.get("postcode", ""))
                except phones.InvalidPhone:
                    # The person is worth more than their number: imported without it.
                    notes = [
                        *notes,
                        _(
                            "phone “%(number)s” (column %(column)s) not understood: "
                            "the person is imported without it"
                        )
                        % {"number": value, "column": self.header[used[name]]},
                    ]

        other_emails = []
        for name in ("email2", "email3", "email4"):
            value = get(name)
            if value:
                other_key = canonical_email(value)
                if not other_key or _EMAIL.fullmatch(value) is None:
                    reasons.append(_("“%(email)s” is not an email address") % {"email": value})
                elif other_key != key:
                    other_emails.append((value, other_key))

        flags = {}
        email_opt_in = mobile_opt_in = None
        header = self.header
        if "email_opt_in" in raw:
            email_opt_in = _flag(raw["email_opt_in"], header[used["email_opt_in"]], reasons)
        if "mobile_opt_in" in raw:
            mobile_opt_in = _flag(raw["mobile_opt_in"], header[used["mobile_opt_in"]], reasons)
        for name in ("do_not_contact", "do_not_call", "do_not_text"):
            if name in raw and _flag(raw[name], header[used[name]], reasons):
                flags[name] = True
        unsubscribed = get("email_unsubscribed")
        if unsubscribed and unsubscribed.lower() not in _FALSE:
            flags["do_not_email"] = True
        for name, flag in self.statuses:
            status = get(name, "").lower()
            if status in _STOPPED:
                flags[flag] = True
            elif status not in _RUNNING:
                notes = [
                    *notes,
                    _("unknown status “%(value)s” in column %(column)s: ignored")
                    % {"value": get(name), "column": self.header[used[name]]},
                ]
        if reasons:
            return None, reasons
        tag_text = get("tags")
        tags = (
            # Mailchimp quotes each tag: "Bénévole","Lyon".
            [tag.strip(' "')[:100] for tag in _TAG_SPLIT.split(tag_text) if tag.strip(' "')]
            if tag_text
            else []
        )
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
                external_id=get("external_id", "")[:64],
                territory=territory,
                notes=notes,
            ),
            [],
        )
