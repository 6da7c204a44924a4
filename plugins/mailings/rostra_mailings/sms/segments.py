"""How many SMS parts a text takes (3GPP TS 23.038 and 23.040).

A text written only with the GSM 7-bit alphabet fits 160 characters in one
SMS; the characters of its extension table (``^{}\\[~]|€``) take two. As soon
as one character is outside that alphabet (``ç``, ``ê``, ``’``, an emoji), the
whole text is sent in UCS-2: 70 characters (UTF-16 code units) in one SMS.
A longer text is split into concatenated parts, each of which loses room to
the header that glues them together: 153 GSM characters or 67 UCS-2 units
per part. An extension character, or an emoji's surrogate pair, is never cut
between two parts.

The editor's counter (static/mailings/sms/count.js) follows the same rules,
step by step; tests check that both give the same figures.
"""

from dataclasses import dataclass, field

#: The GSM 7-bit default alphabet, without its escape (0x1B) and the carriage
#: return (refused in a text: rostra_mailings.sms.text).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
#: The extension table: each takes two septets (escape + character).
GSM_EXTENDED = frozenset("^{}\\[~]|€")

GSM_SINGLE, GSM_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


@dataclass(frozen=True)
class Count:
    encoding: str  # "gsm" or "ucs2"
    units: int  # septets (GSM) or UTF-16 code units (UCS-2)
    parts: int
    per_part: int  # room in each part: 160/153 or 70/67
    # Characters that made the text UCS-2, in their order of appearance.
    unicode_chars: tuple = field(default=())


def is_gsm(text):
    return all(char in GSM_BASIC or char in GSM_EXTENDED for char in text)


def _units(text, gsm):
    if gsm:
        return [2 if char in GSM_EXTENDED else 1 for char in text]
    return [2 if ord(char) > 0xFFFF else 1 for char in text]


def count(text):
    """The ``Count`` of a text as it will be sent."""
    text = text or ""
    gsm = is_gsm(text)
    single, per_part = (GSM_SINGLE, GSM_PART) if gsm else (UCS2_SINGLE, UCS2_PART)
    units = _units(text, gsm)
    total = sum(units)
    if total == 0:
        parts = 0
    elif total <= single:
        parts = 1
    else:
        parts, room = 1, per_part
        for unit in units:
            if unit > room:  # never cut a two-unit character
                parts, room = parts + 1, per_part
            room -= unit
    unicode_chars = ()
    if not gsm:
        seen = dict.fromkeys(c for c in text if c not in GSM_BASIC and c not in GSM_EXTENDED)
        unicode_chars = tuple(seen)
    return Count(
        encoding="gsm" if gsm else "ucs2",
        units=total,
        parts=parts,
        per_part=single if parts <= 1 else per_part,
        unicode_chars=unicode_chars,
    )
