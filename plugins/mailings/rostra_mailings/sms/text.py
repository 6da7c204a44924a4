"""What an SMS may say, and each recipient's copy of it.

Refused, with a message in the editor's language:

- control characters (a carriage return, a NUL, a form feed…), line and
  paragraph separators and the bidirectional overrides that make a text read
  differently from what it holds (content injection); line breaks are kept;
- a text longer than ``MAX_PARTS`` SMS parts, counted with each personal field
  at ``FIELD_ROOM`` characters (its fallback if longer);
- a text that does not say how to stop (the word STOP: the reply the
  provider's webhook turns into a withdrawn consent);
- a sender name a phone could not show: 1 to 11 letters and digits (the
  alphanumeric sender ID), or a number of up to 15 digits.

A recipient's copy fills the personal fields (rostra_mailings.personalise)
with values cut to ``FIELD_ROOM`` characters, without control characters, and,
when the editor's text is GSM 7-bit, spelt with that alphabet (``ê`` becomes
``e``): a name never makes a copy longer or costlier than the count the
editor saw."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from rostra_mailings import personalise
from rostra_mailings.sms import segments

#: Concatenated parts a text may take: 6 × 153 = 918 GSM characters, or 402 in UCS-2.
MAX_PARTS = 6
#: Room a personal field takes in the count, and where its value is cut.
FIELD_ROOM = 20

# C0 and C1 controls except the line feed, DEL, the line and paragraph
# separators, and the bidirectional embeddings, overrides and isolates.
_FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)
_STOP = re.compile(r"\bSTOP\b")
_ALPHANUMERIC_SENDER = re.compile(r"[A-Za-z0-9]{1,11}")
_NUMERIC_SENDER = re.compile(r"\+?[0-9]{1,15}")


def forbidden_characters(text):
    return sorted(set(_FORBIDDEN.findall(text or "")))


def counted(text):
    """The ``segments.Count`` of a text, its personal fields at their room."""

    def room(match):
        return "x" * max(FIELD_ROOM, len(match.group(2) or ""))

    return segments.count(personalise.FIELD.sub(room, text or ""))


def validate_text(text):
    """Every problem of a text, as one ValidationError (or none)."""
    errors = []
    bad = forbidden_characters(text)
    if bad:
        names = ", ".join(f"U+{ord(char):04X}" for char in bad)
        errors.append(
            ValidationError(
                _("The text holds invisible control characters (%(names)s): remove them."),
                params={"names": names},
                code="control",
            )
        )
    unknown = personalise.unknown_fields(text)
    if unknown:
        errors.append(
            ValidationError(
                _("Unknown personal field: %(names)s."),
                params={"names": ", ".join(unknown)},
                code="field",
            )
        )
    found = counted(text)
    if found.parts > MAX_PARTS:
        errors.append(
            ValidationError(
                ngettext_lazy(
                    "This text takes %(parts)s SMS; at most %(max)s is allowed: shorten it.",
                    "This text takes %(parts)s SMS; at most %(max)s are allowed: shorten it.",
                    "max",
                ),
                params={"parts": found.parts, "max": MAX_PARTS},
                code="too_long",
            )
        )
    if not _STOP.search(text or ""):
        errors.append(
            ValidationError(
                _("Say how to stop: the text must contain the word STOP (e.g. “STOP au 36111”)."),
                code="stop",
            )
        )
    if errors:
        raise ValidationError(errors)


def validate_sender(value):
    value = value or ""
    if _ALPHANUMERIC_SENDER.fullmatch(value) and not value.isdigit():
        return
    if _NUMERIC_SENDER.fullmatch(value):
        return
    raise ValidationError(
        _(
            "A sender name is 1 to 11 letters or digits, without spaces, accents or "
            "punctuation (or a phone number of up to 15 digits)."
        ),
        code="sender",
    )


def _gsm_spelling(value):
    out = []
    for char in value:
        if char in segments.GSM_BASIC:
            out.append(char)
            continue
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        out.append("".join(c for c in plain if c in segments.GSM_BASIC))
    return "".join(out)


def field_value(value, gsm):
    """A personal value as it may enter a copy."""
    value = _FORBIDDEN.sub("", " ".join(str(value or "").split()))
    value = _gsm_spelling(value) if gsm else "".join(c for c in value if ord(c) <= 0xFFFF)
    return value[:FIELD_ROOM].strip()


class Template:
    """A broadcast's text, split once; ``copy(person, sender_name)`` per recipient."""

    def __init__(self, text):
        self.split = personalise.Split(text)
        literal = "".join(part for part in self.split.parts if isinstance(part, str))
        self.gsm = segments.is_gsm(literal) and all(
            segments.is_gsm(part[1]) for part in self.split.parts if isinstance(part, tuple)
        )

    def copy(self, person, sender_name=""):
        values = personalise.values_for(person, sender_name)
        values = {name: field_value(value, self.gsm) for name, value in values.items()}
        return self.split.fill(values)
