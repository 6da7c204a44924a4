"""France's territories: postcode and commune → département → région (and the
party's legislative constituencies).

    from rostra.people import territories
    place = territories.lookup("69003", "Lyon")   # Territory or None
    place.departement_code, place.region_name, place.constituency

The reference data (INSEE's communes, départements and régions, La Poste's
postcodes) ships with the project in ``data/territories-fr.json.gz``, built by
``scripts/build-territories`` from two npm packages and each commune's centre
from a PyPI package's outlines (see data/LICENCES.md; distances between the
centres are in ``rostra.people.distances``); it is read once per process,
never fetched. Constituencies are not in those
packages: they are named sets of communes the party imports or edits
(``Constituency`` in the admin), looked up from the database.
"""

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "territories-fr.json.gz"

# Basic shapes for the other countries people write from; France is checked
# against the full postcode list.
_POSTCODE_SHAPES = {
    "BE": r"\d{4}",
    "CH": r"\d{4}",
    "LU": r"(L-)?\d{4}",
    "DE": r"\d{5}",
    "ES": r"\d{5}",
    "IT": r"\d{5}",
    "MC": r"980\d{2}",
    "NL": r"\d{4} ?[A-Z]{2}",
    "PT": r"\d{4}-\d{3}",
    "GB": r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}",
    "IE": r"[A-Z]\d[\dW] ?[A-Z\d]{4}",
}


@dataclass(frozen=True)
class Territory:
    """Where a person lives, as far as their postcode and town tell."""

    commune_code: str  # INSEE code ("" when the postcode covers several communes)
    commune_name: str
    departement_code: str
    departement_name: str
    region_code: str
    region_name: str
    constituency: str = ""  # the party's constituency code, "" when unknown
    district_code: str = ""  # Paris, Lyon and Marseille: the municipal arrondissement
    postcode: str = ""

    @property
    def constituency_name(self):
        from rostra.people.models import Constituency

        if not self.constituency:
            return ""
        found = Constituency.objects.filter(code=self.constituency).first()
        return found.name if found else ""


@cache
def _data():
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    # Index of plain names -> commune codes, for lookups by town name.
    by_name = {}
    for code, (name, _dep, _pop) in data["communes"].items():
        by_name.setdefault(plain(name), []).append(code)
    for code, (name, _parent) in data["districts"].items():
        by_name.setdefault(plain(name), []).append(code)
    for name, parent in data["former"]:
        by_name.setdefault(plain(name), []).append(parent)
    for key, label in data["labels"].items():
        by_name.setdefault(plain(label), []).append(key.split(" ", 1)[1])
    data["by_name"] = by_name
    return data


@lru_cache(maxsize=65536)
def plain(text):
    """A town name reduced for matching: no accents, case, hyphens, apostrophes;
    "St"/"Ste" spelled out (La Poste writes SAINT, people write St-)."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    words = [{"st": "saint", "ste": "sainte"}.get(word, word) for word in words]
    if words and words[-1] == "cedex" or (len(words) > 1 and words[-2] == "cedex"):
        words = words[: words.index("cedex")]
    return " ".join(words)


def normalise_postcode(postcode, country="FR"):
    postcode = " ".join((postcode or "").upper().split())
    if (country or "FR").upper() == "FR":
        postcode = postcode.replace(" ", "")
        if re.fullmatch(r"\d{4}", postcode):  # spreadsheets drop the leading zero
            postcode = "0" + postcode
    return postcode


@lru_cache(maxsize=65536)
def is_valid_postcode(postcode, country="FR"):
    """Whether the postcode exists (France: in La Poste's list) or has the
    country's shape (a few European countries); any other country: not blank."""
    country = (country or "FR").upper()
    postcode = normalise_postcode(postcode, country)
    if not postcode:
        return False
    if country == "FR":
        return postcode in _data()["postcodes"]
    shape = _POSTCODE_SHAPES.get(country)
    if shape is None:
        return len(postcode) <= 16
    return re.fullmatch(shape, postcode) is not None


def departement_name(code):
    entry = _data()["departements"].get(code or "")
    return entry[0] if entry else ""


def region_of_departement(code):
    entry = _data()["departements"].get(code or "")
    return entry[1] if entry else ""


def search_departements(term, limit=10):
    """[(code, name)] of départements whose name or code starts with ``term``."""
    wanted = plain(term)
    if not wanted:
        return []
    return [
        (code, name)
        for code, name in departements()
        if code.startswith(term.strip().upper()) or plain(name).startswith(wanted)
    ][:limit]


def region_name(code):
    data = _data()
    if code in data["regions"]:
        return data["regions"][code]
    # Overseas collectivities (Saint-Pierre-et-Miquelon, …) are their own region.
    return departement_name(code)


def departements():
    """[(code, name)] of every département, in code order."""
    return sorted((code, entry[0]) for code, entry in _data()["departements"].items())


def regions():
    return sorted(_data()["regions"].items())


def commune_name(code):
    data = _data()
    if code in data["communes"]:
        return data["communes"][code][0]
    if code in data["districts"]:
        return data["districts"][code][0]
    return ""


def search_communes(term, limit=10):
    """[(INSEE code, name, département code)] of communes and municipal
    arrondissements whose name starts with ``term`` (accents and case ignored)
    or whose code does, the most populous first: what an admin's search list offers."""
    data = _data()
    wanted = plain(term)
    if not wanted:
        return []
    found = []
    for code, (name, departement, population) in data["communes"].items():
        if code.startswith(term.strip()) or plain(name).startswith(wanted):
            found.append((-population, name, code, departement))
    for code, (name, parent) in data["districts"].items():
        if code.startswith(term.strip()) or plain(name).startswith(wanted):
            departement = data["communes"].get(parent, ("", "", 0))[1]
            found.append((0, name, code, departement))
    return [(code, name, departement) for _pop, name, code, departement in sorted(found)[:limit]]


def lookup(postcode, commune=None, country="FR"):
    """The Territory of a postcode and town name (see _lookup), remembered:
    imports look up the same few thousand places a million times."""
    from rostra.people import constituencies

    return _cached_lookup(postcode or "", commune or "", country or "FR", constituencies.version())


@lru_cache(maxsize=65536)
def _cached_lookup(postcode, commune, country, _constituencies_version):
    return _lookup(postcode, commune, country)


def placer(constituency_mapping):
    """A lookup (postcode, town, country) -> Territory that reads constituencies
    from the {area: constituency} table given, not the database: an import
    takes the table once and may look places up from another thread."""

    def place(postcode, commune=None, country="FR"):
        return _lookup(postcode, commune, country, constituency_mapping)

    return place


def _lookup(postcode, commune=None, country="FR", constituency_mapping=None):
    """The Territory of a postcode (and town name, to choose among the communes
    sharing a postcode), or None when it cannot be placed.

    A French postcode shared by several communes, with no town name or one that
    matches none of them, still gives the département and région when all the
    candidates share them (commune fields are then blank).
    """
    if (country or "FR").upper() != "FR":
        return None
    data = _data()
    postcode = normalise_postcode(postcode)
    candidates = data["postcodes"].get(postcode, []) if postcode else []
    wanted = plain(commune) if commune else ""
    if not candidates:
        if not wanted or postcode:
            return None
        candidates = list(dict.fromkeys(data["by_name"].get(wanted, [])))
        if len(candidates) != 1:
            return None
    if len(candidates) > 1 and wanted:
        named = [code for code in data["by_name"].get(wanted, []) if code in candidates]
        if not named:
            # "Marseille" for 13001: the district of a named city.
            named = [
                code
                for code in candidates
                if code in data["districts"]
                and plain(commune_name(data["districts"][code][1])) == wanted
            ]
        if len(set(named)) == 1:
            candidates = named
    if len(set(candidates)) == 1:
        return _territory(candidates[0], postcode, constituency_mapping)
    places = {_territory(code, postcode, constituency_mapping) for code in candidates}
    departements_found = {(place.departement_code, place.region_code) for place in places}
    if len(departements_found) != 1:
        return None
    departement_code, region_code = departements_found.pop()
    return Territory(
        commune_code="",
        commune_name="",
        departement_code=departement_code,
        departement_name=departement_name(departement_code),
        region_code=region_code,
        region_name=region_name(region_code),
        postcode=postcode,
    )


@cache
def _place(code):
    data = _data()
    district = ""
    if code in data["districts"]:
        district, code = code, data["districts"][code][1]
    name, departement_code, _population = data["communes"][code]
    region_code = data["departements"][departement_code][1]
    return code, name, district, departement_code, region_code


def _territory(code, postcode="", constituency_mapping=None):
    code, name, district, departement_code, region_code = _place(code)
    return Territory(
        commune_code=code,
        commune_name=name,
        departement_code=departement_code,
        departement_name=departement_name(departement_code),
        region_code=region_code,
        region_name=region_name(region_code),
        constituency=constituency_of(district or code, code, mapping=constituency_mapping),
        district_code=district,
        postcode=postcode,
    )


def place_of(code):
    """The Territory of an INSEE commune (or arrondissement) code, or None."""
    data = _data()
    if code not in data["communes"] and code not in data["districts"]:
        return None
    return _territory(code)


def constituency_of(*codes, mapping=None):
    """The constituency code of the first of ``codes`` (district, commune) the
    party placed in one, or ""."""
    if mapping is None:
        from rostra.people import constituencies

        mapping = constituencies.mapping()
    for code in codes:
        if code and code in mapping:
            return mapping[code]
    return ""
