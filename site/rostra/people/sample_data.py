"""Realistic French supporters generated in code, for the demo and the bench.

Names are among the most given in France; communes are drawn by population
from the shipped reference data, so Paris, Lyon and Marseille weigh what they
weigh. The same seed always gives the same people.
"""

import bisect
import csv
import io
import itertools
import random
import unicodedata

from rostra.people import territories

FIRST_NAMES = [
    "Marie",
    "Jean",
    "Pierre",
    "Michel",
    "Nathalie",
    "Isabelle",
    "Sylvie",
    "Catherine",
    "Philippe",
    "Alain",
    "Nicolas",
    "Christophe",
    "Patrick",
    "Sophie",
    "Julien",
    "Camille",
    "Léa",
    "Manon",
    "Emma",
    "Chloé",
    "Inès",
    "Lucas",
    "Hugo",
    "Louis",
    "Gabriel",
    "Arthur",
    "Jules",
    "Thomas",
    "Théo",
    "Nathan",
    "Sarah",
    "Laura",
    "Julie",
    "Céline",
    "Aurélie",
    "Sandrine",
    "Valérie",
    "Stéphane",
    "Sébastien",
    "Frédéric",
    "Laurent",
    "Éric",
    "David",
    "Olivier",
    "Martine",
    "Françoise",
    "Monique",
    "Nadia",
    "Karim",
    "Mehdi",
    "Yasmine",
    "Fatima",
    "Mohamed",
    "Amine",
    "Rayan",
    "Lina",
    "Zoé",
    "Anaïs",
    "Clément",
    "Maxime",
    "Romain",
    "Antoine",
    "Élodie",
    "Mathilde",
    "Margaux",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefebvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Lefèvre",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "François",
    "Legrand",
    "Gauthier",
    "Garcia",
    "Perrin",
    "Robin",
    "Clément",
    "Morin",
    "Nicolas",
    "Henry",
    "Roussel",
    "Mathieu",
    "Gautier",
    "Masson",
    "Marchand",
    "Duval",
    "Denis",
    "Dumont",
    "Marie",
    "Lemaire",
    "Noël",
    "Meyer",
    "Dufour",
    "Meunier",
    "Brun",
    "Blanchard",
    "Giraud",
    "Joly",
    "Rivière",
    "Lucas",
    "Brunet",
    "Gaillard",
    "Barbier",
    "Arnaud",
    "Martinez",
    "Gérard",
    "Roche",
    "Renard",
    "Schmitt",
    "Roy",
    "Leroux",
    "Colin",
    "Vidal",
    "Caron",
    "Picard",
    "Roger",
    "Fabre",
    "Aubert",
    "Lemoine",
    "Renaud",
    "Dumas",
    "Lacroix",
    "Olivier",
    "Philippe",
    "Bourgeois",
    "Pierre",
    "Benoît",
    "Rey",
    "Leclerc",
    "Payet",
    "Rolland",
    "Leclercq",
    "Guillaume",
    "Lecomte",
    "Lopez",
    "Jean",
    "Dupuy",
    "Guillot",
    "Hubert",
    "Berger",
    "Carpentier",
    "Sanchez",
    "Dupuis",
    "Moulin",
    "Louis",
    "Deschamps",
    "Benali",
    "Haddad",
    "Nguyen",
    "Diallo",
    "Traoré",
    "Da Silva",
    "Ferreira",
]
DOMAINS = (
    ("gmail.com", 30),
    ("orange.fr", 14),
    ("hotmail.fr", 10),
    ("free.fr", 8),
    ("yahoo.fr", 7),
    ("laposte.net", 6),
    ("outlook.fr", 6),
    ("sfr.fr", 5),
    ("wanadoo.fr", 4),
    ("icloud.com", 3),
    ("proton.me", 2),
    ("protonmail.com", 1),
)
# Allocated French mobile ranges (06 9x and 07 0x-2x are not).
MOBILE_PREFIXES = ("060", "061", "062", "064", "065", "066", "067", "068", "075", "076", "077")
TAGS = ("bénévole", "adhérent", "donateur", "militant", "sympathisant", "jeunes", "tractage")
HEADER = (
    "nationbuilder_id",
    "first_name",
    "last_name",
    "email",
    "mobile_number",
    "primary_address1",
    "primary_zip",
    "primary_city",
    "tag_list",
    "email_opt_in",
    "mobile_opt_in",
)
STREETS = (
    "rue de la République",
    "avenue Jean-Jaurès",
    "rue Victor-Hugo",
    "place de la Mairie",
    "rue Pasteur",
    "boulevard Gambetta",
    "rue des Écoles",
    "chemin des Vignes",
)


def _ascii(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _places():
    """[(cumulative population, postcode, commune name)] for weighted draws."""
    data = territories._data()
    by_code = {}
    for postcode, codes in data["postcodes"].items():
        for code in codes:
            by_code.setdefault(code, postcode)
    places, total = [], 0
    for code, postcode in sorted(by_code.items()):
        if code in data["districts"]:
            name, parent = data["districts"][code]
            name = data["communes"][parent][0]
            population = 20000
        else:
            name, _departement, population = data["communes"][code]
        total += max(population, 1)
        places.append((total, postcode, name))
    return places


def people(count, seed=2027, start=1):
    """Yield ``count`` supporters as dicts with the HEADER's keys."""
    rng = random.Random(seed)  # noqa: S311 (sample data, not secrets)
    places = _places()
    weights = [place[0] for place in places]
    domain_names = [name for name, _weight in DOMAINS]
    domain_weights = list(itertools.accumulate(weight for _name, weight in DOMAINS))
    for number in range(start, start + count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        _total, postcode, commune = places[bisect.bisect(weights, rng.random() * weights[-1])]
        domain = domain_names[bisect.bisect(domain_weights, rng.random() * domain_weights[-1])]
        separator = rng.choice((".", "", "_", "-"))
        email = f"{_ascii(first)}{separator}{_ascii(last)}{number}@{domain}".replace(" ", "")
        mobile = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**6, 10**7)}"
        yield {
            "nationbuilder_id": str(number),
            "first_name": first,
            "last_name": last,
            "email": email,
            "mobile_number": mobile if rng.random() < 0.6 else "",
            "primary_address1": f"{rng.randrange(1, 120)} {rng.choice(STREETS)}"
            if rng.random() < 0.5
            else "",
            "primary_zip": postcode,
            "primary_city": commune,
            "tag_list": ", ".join(rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2)))),
            "email_opt_in": "true" if rng.random() < 0.7 else "false",
            "mobile_opt_in": "true" if rng.random() < 0.2 else "false",
        }


def write_csv(stream, count, seed=2027, delimiter=","):
    """Write a NationBuilder-style CSV of ``count`` supporters to a text stream."""
    writer = csv.DictWriter(stream, fieldnames=HEADER, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    for row in people(count, seed):
        writer.writerow(row)


def csv_bytes(count, seed=2027):
    text = io.StringIO()
    write_csv(text, count, seed)
    return text.getvalue().encode()
