"""Where a signer lives, for the geography breakdown: département and constituency.

Uses the people service's territories (``rostra.people.territories``) when it is
installed; otherwise the département is read from the postcode's first digits,
which is right for metropolitan France and the overseas départements.
"""

import re

try:  # the people service's reference data (INSEE communes, La Poste postcodes)
    from rostra.people import territories as _territories
except ImportError:  # pragma: no cover - depends on the core's version
    _territories = None

_FR_POSTCODE = re.compile(r"^\d{5}$")


def normalise_postcode(postcode, country="FR"):
    postcode = " ".join((postcode or "").upper().split())
    if (country or "FR").upper() == "FR":
        postcode = postcode.replace(" ", "")
        if re.fullmatch(r"\d{4}", postcode):  # spreadsheets drop the leading zero
            postcode = "0" + postcode
    return postcode


def is_valid_postcode(postcode, country="FR"):
    if _territories is not None:
        return _territories.is_valid_postcode(postcode, country)
    postcode = normalise_postcode(postcode, country)
    if (country or "FR").upper() == "FR":
        return departement_from_postcode(postcode) in DEPARTEMENTS
    return 0 < len(postcode) <= 16


def departement_from_postcode(postcode):
    """The département code a French postcode belongs to ("" if it cannot tell)."""
    postcode = normalise_postcode(postcode)
    if not _FR_POSTCODE.match(postcode):
        return ""
    if postcode.startswith("97") or postcode.startswith("98"):
        return postcode[:3]
    if postcode.startswith("20"):  # Corsica: 200xx-201xx is 2A, 202xx-206xx is 2B
        return "2A" if int(postcode) < 20200 else "2B"
    head = postcode[:2]
    return "" if head == "00" else head


def locate(postcode, country="FR"):
    """(departement_code, constituency) for a signer; blanks when unknown."""
    if (country or "FR").upper() != "FR":
        return "", ""
    if _territories is not None:
        try:
            place = _territories.lookup(postcode)
        except Exception:  # reference data missing: fall back to the postcode's digits
            place = None
        if place is not None:
            return place.departement_code or "", place.constituency or ""
    return departement_from_postcode(postcode), ""


def departement_name(code):
    if _territories is not None and hasattr(_territories, "departement_name"):
        try:
            return _territories.departement_name(code) or code
        except Exception:
            return code
    return DEPARTEMENTS.get(code, code)


def constituency_name(code):
    if not code:
        return ""
    try:
        from rostra.people.models import Constituency
    except ImportError:
        return code
    found = Constituency.objects.filter(code=code).values_list("name", flat=True).first()
    return found or code


DEPARTEMENTS = {
    "01": "Ain", "02": "Aisne", "03": "Allier", "04": "Alpes-de-Haute-Provence",
    "05": "Hautes-Alpes", "06": "Alpes-Maritimes", "07": "Ardèche", "08": "Ardennes",
    "09": "Ariège", "10": "Aube", "11": "Aude", "12": "Aveyron", "13": "Bouches-du-Rhône",
    "14": "Calvados", "15": "Cantal", "16": "Charente", "17": "Charente-Maritime",
    "18": "Cher", "19": "Corrèze", "2A": "Corse-du-Sud", "2B": "Haute-Corse",
    "21": "Côte-d'Or", "22": "Côtes-d'Armor", "23": "Creuse", "24": "Dordogne",
    "25": "Doubs", "26": "Drôme", "27": "Eure", "28": "Eure-et-Loir", "29": "Finistère",
    "30": "Gard", "31": "Haute-Garonne", "32": "Gers", "33": "Gironde", "34": "Hérault",
    "35": "Ille-et-Vilaine", "36": "Indre", "37": "Indre-et-Loire", "38": "Isère",
    "39": "Jura", "40": "Landes", "41": "Loir-et-Cher", "42": "Loire", "43": "Haute-Loire",
    "44": "Loire-Atlantique", "45": "Loiret", "46": "Lot", "47": "Lot-et-Garonne",
    "48": "Lozère", "49": "Maine-et-Loire", "50": "Manche", "51": "Marne",
    "52": "Haute-Marne", "53": "Mayenne", "54": "Meurthe-et-Moselle", "55": "Meuse",
    "56": "Morbihan", "57": "Moselle", "58": "Nièvre", "59": "Nord", "60": "Oise",
    "61": "Orne", "62": "Pas-de-Calais", "63": "Puy-de-Dôme", "64": "Pyrénées-Atlantiques",
    "65": "Hautes-Pyrénées", "66": "Pyrénées-Orientales", "67": "Bas-Rhin", "68": "Haut-Rhin",
    "69": "Rhône", "70": "Haute-Saône", "71": "Saône-et-Loire", "72": "Sarthe",
    "73": "Savoie", "74": "Haute-Savoie", "75": "Paris", "76": "Seine-Maritime",
    "77": "Seine-et-Marne", "78": "Yvelines", "79": "Deux-Sèvres", "80": "Somme",
    "81": "Tarn", "82": "Tarn-et-Garonne", "83": "Var", "84": "Vaucluse", "85": "Vendée",
    "86": "Vienne", "87": "Haute-Vienne", "88": "Vosges", "89": "Yonne",
    "90": "Territoire de Belfort", "91": "Essonne", "92": "Hauts-de-Seine",
    "93": "Seine-Saint-Denis", "94": "Val-de-Marne", "95": "Val-d'Oise",
    "971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion",
    "975": "Saint-Pierre-et-Miquelon", "976": "Mayotte", "977": "Saint-Barthélemy",
    "978": "Saint-Martin", "986": "Wallis-et-Futuna", "987": "Polynésie française",
    "988": "Nouvelle-Calédonie",
}  # fmt: skip
