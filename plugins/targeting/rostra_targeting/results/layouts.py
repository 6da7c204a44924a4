"""The Ministry of the Interior's results files by polling station, as
data.gouv.fr ships them, read row by row into one shape.

Two layouts:

- 2017–2022: the station's columns, then one group of columns per candidate
  or list. Only the first group is named (``N°Panneau;Sexe;Nom;Prénom;Nuance;
  Voix;% Voix/Ins;% Voix/Exp``, or ``N°Liste;Libellé Abrégé Liste;…`` for
  lists); the next groups repeat it under empty headers, and a row has as
  many groups as its constituency had candidates. Commune codes are relative
  to the département (``004`` in ``01``), overseas départements are letters
  (``ZA`` is Guadeloupe, 971).
- 2024: every group is named with its number (``Numéro de panneau 1``,
  ``Nuance candidat 1``, ``Voix 1``…); commune codes are INSEE's.

A file of another layout is refused by ``recognise`` with what it lacks.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

LEGACY = "2017-2022"
NUMBERED = "2024"

# The Ministry's letters for overseas départements and collectivities, to
# INSEE's prefix (the commune code in the file carries the last digit: ZA + 101 = 97101).
_OVERSEAS = {"ZA": "97", "ZB": "97", "ZC": "97", "ZD": "97", "ZM": "97", "ZS": "97", "ZX": "97"}
_OVERSEAS |= {"ZN": "98", "ZP": "98", "ZW": "98"}


class LayoutError(Exception):
    """The file is not a results file this module reads (the message says why)."""


class RowError(Exception):
    """One row is wrong (the message says how)."""


@dataclass(slots=True)
class Candidate:
    panel: int
    name: str
    nuance: str
    votes: int


@dataclass
class StationRow:
    line: int
    commune_code: str
    commune_name: str
    number: str
    registered: int
    voters: int
    blank: int
    null: int
    cast: int
    candidates: list = field(default_factory=list)

    @property
    def code(self):
        return f"{self.commune_code}_{self.number}"


def key(name):
    """A header as compared: no accents, case or punctuation ("N°Panneau" → "n panneau")."""
    plain = (
        unicodedata.normalize("NFKD", str(name).replace("°", " "))
        .encode("ascii", "ignore")
        .decode()
    )
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


# The station's columns in each layout: our name → the header's key(s).
_STATION_COLUMNS = {
    LEGACY: {
        "departement": ("code du departement",),
        "commune": ("code de la commune",),
        "commune_name": ("libelle de la commune",),
        "number": ("code du b vote",),
        "registered": ("inscrits",),
        "voters": ("votants",),
        "blank": ("blancs",),
        "null": ("nuls",),
        "cast": ("exprimes",),
    },
    NUMBERED: {
        "departement": ("code departement",),
        "commune": ("code commune",),
        "commune_name": ("libelle commune",),
        "number": ("code bv",),
        "registered": ("inscrits",),
        "voters": ("votants",),
        "blank": ("blancs",),
        "null": ("nuls",),
        "cast": ("exprimes",),
    },
}
# A candidate's (or list's) columns, in either layout (numbered keys lose their number).
_GROUP_FIELDS = {
    "panel": ("n panneau", "n liste", "numero de panneau"),
    "surname": ("nom", "nom candidat", "nom tete de liste"),
    "first_name": ("prenom", "prenom candidat"),
    "list_name": ("libelle abrege liste", "libelle abrege de liste"),
    "nuance": ("nuance", "code nuance", "nuance liste", "nuance candidat"),
    "votes": ("voix",),
}
_NUMBERED_HEADER = re.compile(r"^(.*\S)\s+(\d+)$")


def _find(keys, wanted):
    for index, name in enumerate(keys):
        if name in wanted:
            return index
    return None


class Layout:
    """How the columns of one file map to a StationRow."""

    def __init__(self, name, station, groups, *, first_group=None, group_width=None):
        self.name = name
        self.station = station  # our name → column index
        self.groups = groups  # [{field: index}] (numbered) or [{field: offset}] (legacy)
        self.first_group = first_group
        self.group_width = group_width
        self._numbered_indexes = None

    def candidate_columns(self, values):
        """[{field: index}] of the groups this row has."""
        if self.name == NUMBERED:
            return self.groups
        offsets = self.groups[0]
        count = max(0, (len(values) - self.first_group + self.group_width - 1) // self.group_width)
        return [
            {
                name: self.first_group + n * self.group_width + offset
                for name, offset in offsets.items()
            }
            for n in range(count)
        ]

    def _group_indexes(self, values):
        """(panel, surname, first name, list name, nuance, votes) column
        indexes of each group this row has (None for a column the file lacks)."""
        if self.name == NUMBERED:
            if self._numbered_indexes is None:
                self._numbered_indexes = [_indexes(group) for group in self.groups]
            return self._numbered_indexes
        return [_indexes(group) for group in self.candidate_columns(values)]

    def parse(self, line, values):
        width = len(values)

        def cell(index):
            return values[index].strip() if index is not None and index < width else ""

        station = self.station
        commune = cell(station["commune"])
        departement = cell(station["departement"])
        number = cell(station["number"])
        if not commune or not number:
            raise RowError(_("the commune code or the polling station number is empty"))
        row = StationRow(
            line,
            _commune_code(departement, commune),
            cell(station["commune_name"]),
            number.zfill(4) if number.isdigit() else number.upper(),
            _count(cell(station["registered"]), "registered"),
            _count(cell(station["voters"]), "voters"),
            _count(cell(station["blank"]), "blank"),
            _count(cell(station["null"]), "null"),
            _count(cell(station["cast"]), "cast"),
        )
        candidates = row.candidates
        for panel_at, surname_at, first_at, list_at, nuance_at, votes_at in self._group_indexes(
            values
        ):
            votes = cell(votes_at)
            panel = cell(panel_at)
            if not votes and not panel:
                continue  # a constituency with fewer candidates than the widest row
            surname = cell(surname_at)
            name = cell(list_at)
            if not name:
                first_name = cell(first_at)
                name = (
                    f"{first_name} {surname}" if first_name and surname else first_name or surname
                )
            # Without nuances (the presidential), the candidate's surname stands
            # for it in the bloc table.
            nuance = cell(nuance_at) or surname.upper()
            candidates.append(
                Candidate(_count(panel, "panel"), name[:200], nuance[:40], _count(votes, "votes"))
            )
        _check(row)
        return row


def _indexes(columns):
    return tuple(
        columns.get(name)
        for name in ("panel", "surname", "first_name", "list_name", "nuance", "votes")
    )


_LABELS = {
    "registered": "Inscrits",
    "voters": "Votants",
    "blank": "Blancs",
    "null": "Nuls",
    "cast": "Exprimés",
    "panel": "N°Panneau",
    "votes": "Voix",
}


def _count(text, name):
    if text.isascii() and text.isdigit():
        return int(text)
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not cleaned.isdigit():
        raise RowError(
            _("%(column)s is not a whole number: %(value)r")
            % {"column": _LABELS.get(name, name), "value": text}
        )
    return int(cleaned)


def _commune_code(departement, commune):
    if len(commune) == 5:
        return commune.upper()
    departement = departement.upper()
    if departement in _OVERSEAS:
        return (_OVERSEAS[departement] + commune.zfill(3))[:5]
    return departement.zfill(2) + commune.zfill(3)


def _check(row):
    if row.voters > row.registered:
        raise RowError(
            _("more voters (%(voters)s) than registered (%(registered)s)")
            % {"voters": row.voters, "registered": row.registered}
        )
    if row.cast > row.voters:
        raise RowError(
            _("more votes cast (%(cast)s) than voters (%(voters)s)")
            % {"cast": row.cast, "voters": row.voters}
        )
    total = sum(candidate.votes for candidate in row.candidates)
    if row.candidates and total != row.cast:
        raise RowError(
            _("the candidates' votes add up to %(total)s, not to the %(cast)s votes cast")
            % {"total": total, "cast": row.cast}
        )
    panels = [candidate.panel for candidate in row.candidates]
    if len(set(panels)) != len(panels):
        raise RowError(_("a panel number appears twice"))


def recognise(header):
    """The Layout of a file with this header, or LayoutError saying why not."""
    keys = [key(name) for name in header]
    numbered = [_NUMBERED_HEADER.match(name) for name in keys]
    if any(match and match.group(1) == "voix" for match in numbered):
        return _numbered(keys, numbered)
    if "code du b vote" in keys:
        return _legacy(keys)
    has_votes = any(name == "voix" or name.startswith("voix ") for name in keys)
    if has_votes and ("code de la commune" in keys or "code commune" in keys):
        raise LayoutError(
            _(
                "This file gives results by commune, not by polling station: download the "
                "Ministry's file “by polling station” (par bureau de vote)."
            )
        )
    raise LayoutError(
        _(
            "This is not a results file by polling station in the Ministry of the Interior's "
            "2017–2022 or 2024 layout: no column “Code du b.vote” or “Code BV”, and no "
            "“Voix” column. The file's first columns: %(columns)s."
        )
        % {"columns": ", ".join(str(name) for name in header[:6]) or "—"}
    )


def _station_columns(keys, layout):
    columns, missing = {}, []
    for name, wanted in _STATION_COLUMNS[layout].items():
        index = _find(keys, wanted)
        if index is None and name not in ("commune_name", "blank", "null"):
            missing.append(wanted[0])
        columns[name] = index
    if missing:
        raise LayoutError(
            _("The columns %(columns)s are missing for the %(layout)s layout.")
            % {"columns": ", ".join(f"“{name}”" for name in missing), "layout": layout}
        )
    return columns


def _legacy(keys):
    station = _station_columns(keys, LEGACY)
    first = _find(keys, _GROUP_FIELDS["panel"])
    if first is None:
        raise LayoutError(
            _("No candidate columns: the column “N°Panneau” (or “N°Liste”) is missing.")
        )
    last_named = max(index for index, name in enumerate(keys) if name)
    width = last_named - first + 1
    offsets = {}
    for name, wanted in _GROUP_FIELDS.items():
        index = _find(keys[first : last_named + 1], wanted)
        if index is not None:
            offsets[name] = index
    if "votes" not in offsets:
        raise LayoutError(_("No “Voix” column among the candidates' columns."))
    return Layout(LEGACY, station, [offsets], first_group=first, group_width=width)


def _numbered(keys, matches):
    station = _station_columns(keys, NUMBERED)
    groups = {}
    for index, match in enumerate(matches):
        if not match:
            continue
        for name, wanted in _GROUP_FIELDS.items():
            if match.group(1) in wanted:
                groups.setdefault(int(match.group(2)), {})[name] = index
    return Layout(NUMBERED, station, [groups[number] for number in sorted(groups)])
