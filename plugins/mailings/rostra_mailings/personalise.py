"""Personal fields in a mailing: ``{{ first_name|default:"Bonjour" }}``.

Editors write the Django-template look-alike they know, but it is not given to
Django's template engine: a mailing's text is the editor's, and the engine
would let it load tags, include templates or read any attribute of the
context. Only the fields below are replaced; the rest of the text stays as
written. A mailing is split once into text and fields (``Split``), then each
recipient's copy only fills the fields in."""

import re

from django.utils.translation import gettext_lazy as _

FIELD = re.compile(r"\{\{\s*(\w+)\s*(?:\|\s*default\s*:\s*\"([^\"{}]*)\"\s*)?\}\}")

FIELDS = {
    "first_name": _("the person's first name"),
    "last_name": _("the person's last name"),
    "commune": _("the person's town"),
    "candidate_name": _("the sender's name"),
}


def values_for(person, sender_name):
    """The fields of one recipient; line breaks removed (a field may land in
    the subject, a header)."""
    found = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "commune": person.commune,
        "candidate_name": sender_name,
    }
    return {name: " ".join(str(value or "").split()) for name, value in found.items()}


def unknown_fields(text):
    """Names written between {{ }} that are not personal fields."""
    return sorted({m.group(1) for m in FIELD.finditer(text or "")} - set(FIELDS))


class Split:
    """A text cut into literal parts and fields: ``fill(values, escape)``."""

    def __init__(self, text):
        self.parts = []
        position = 0
        for match in FIELD.finditer(text):
            self.parts.append(text[position : match.start()])
            self.parts.append((match.group(1), match.group(2) or ""))
            position = match.end()
        self.parts.append(text[position:])

    def fill(self, values, escape=str):
        out = []
        for part in self.parts:
            if isinstance(part, tuple):
                name, default = part
                if name in FIELDS or (name.startswith("_") and name in values):
                    # "_why", "_unsubscribe_url": the footer's, never an editor's
                    # (keep_fields drops them from what editors write).
                    out.append(escape(values.get(name) or default))
                else:
                    # Not a field we know: left as written, so the warning shows it.
                    out.append(escape("{{ " + name + " }}"))
            else:
                out.append(part)
        return "".join(out)


def keep_fields(text, escape):
    """``text`` escaped by ``escape`` (HTML, URLs made links), its personal fields
    kept as written for ``Split`` to fill in per person. Names starting with
    ``_`` are dropped: an editor cannot reach the footer's own fields (``_why``)."""
    out = []
    for part in Split(text).parts:
        if isinstance(part, tuple) and part[0] in FIELDS:
            name, default = part
            fallback = f'|default:"{escape(default)}"' if default else ""
            out.append("{{ " + name + fallback + " }}")
        elif isinstance(part, tuple) and part[0].startswith("_"):
            continue
        elif isinstance(part, tuple):
            out.append("{{ " + str(escape(part[0])) + " }}")
        else:
            out.append(str(escape(part)))
    return "".join(out)
