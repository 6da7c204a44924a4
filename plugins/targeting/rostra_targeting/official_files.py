"""Results files written in the Ministry of the Interior's own layouts, from
figures given here: what the tests, the demo and the bench import. The
headers are the Ministry's, column for column (législatives 2022 and 2024).

    write_legacy(stations, encoding="latin-1") -> bytes
    write_numbered(stations) -> bytes
    to_xlsx(data) -> bytes

A station is a dict: departement, commune (INSEE code), commune_name, number,
registered, voters, blank, null, and candidates: [(panel, sex, surname,
first name, nuance, votes)]; cast is what the candidates got.
"""

import csv
import io

LEGACY_STATION = [
    "Code du département",
    "Libellé du département",
    "Code de la circonscription",
    "Libellé de la circonscription",
    "Code de la commune",
    "Libellé de la commune",
    "Code du b.vote",
    "Inscrits",
    "Abstentions",
    "% Abs/Ins",
    "Votants",
    "% Vot/Ins",
    "Blancs",
    "% Blancs/Ins",
    "% Blancs/Vot",
    "Nuls",
    "% Nuls/Ins",
    "% Nuls/Vot",
    "Exprimés",
    "% Exp/Ins",
    "% Exp/Vot",
]
LEGACY_GROUP = ["N°Panneau", "Sexe", "Nom", "Prénom", "Nuance", "Voix", "% Voix/Ins", "% Voix/Exp"]
NUMBERED_STATION = [
    "Code département",
    "Libellé département",
    "Code circonscription législative",
    "Libellé circonscription législative",
    "Code commune",
    "Libellé commune",
    "Code BV",
    "Inscrits",
    "Votants",
    "% Votants",
    "Abstentions",
    "% Abstentions",
    "Exprimés",
    "% Exprimés/inscrits",
    "% Exprimés/votants",
    "Blancs",
    "% Blancs/inscrits",
    "% Blancs/votants",
    "Nuls",
    "% Nuls/inscrits",
    "% Nuls/votants",
]
NUMBERED_GROUP = [
    "Numéro de panneau {}",
    "Nuance candidat {}",
    "Nom candidat {}",
    "Prénom candidat {}",
    "Sexe candidat {}",
    "Voix {}",
    "% Voix/inscrits {}",
    "% Voix/exprimés {}",
    "Elu {}",
]


def _percent(part, whole, sign=""):
    """A percentage the French way, as the files write it ("12,34")."""
    return (f"{100 * part / whole:.2f}" if whole else "0.00").replace(".", ",") + sign


def _cast(station):
    return sum(candidate[5] for candidate in station["candidates"])


def _departement(station):
    code = station["commune"]
    return code[:3] if code.startswith("97") else code[:2]


def legacy_rows(stations, *, named_groups=1):
    """Header and rows of the 2017–2022 layout: the first candidate group named,
    the next ``named_groups - 1`` under empty headers, the rest headerless."""
    header = LEGACY_STATION + LEGACY_GROUP + [""] * len(LEGACY_GROUP) * (named_groups - 1)
    rows = []
    for station in stations:
        registered, voters, cast = station["registered"], station["voters"], _cast(station)
        departement = _departement(station)
        row = [
            departement,
            station.get("departement_name", ""),
            station.get("circonscription", "01"),
            station.get("circonscription_name", ""),
            station["commune"][len(departement) :].zfill(3)
            if not departement.startswith("97")
            else station["commune"][2:],
            station["commune_name"],
            station["number"],
            registered,
            registered - voters,
            _percent(registered - voters, registered),
            voters,
            _percent(voters, registered),
            station["blank"],
            _percent(station["blank"], registered),
            _percent(station["blank"], voters),
            station["null"],
            _percent(station["null"], registered),
            _percent(station["null"], voters),
            cast,
            _percent(cast, registered),
            _percent(cast, voters),
        ]
        if departement.startswith("97"):
            row[0] = {"971": "ZA", "972": "ZB", "973": "ZC", "974": "ZD", "976": "ZM"}[departement]
        for panel, sex, surname, first_name, nuance, votes in station["candidates"]:
            row += [
                panel,
                sex,
                surname,
                first_name,
                nuance,
                votes,
                _percent(votes, registered),
                _percent(votes, cast),
            ]
        rows.append(row)
    return header, rows


def numbered_rows(stations):
    """Header and rows of the 2024 layout (numbered groups, as wide as the widest row)."""
    width = max((len(station["candidates"]) for station in stations), default=1)
    header = list(NUMBERED_STATION)
    for number in range(1, width + 1):
        header += [name.format(number) for name in NUMBERED_GROUP]
    rows = []
    for station in stations:
        registered, voters, cast = station["registered"], station["voters"], _cast(station)
        row = [
            _departement(station),
            station.get("departement_name", ""),
            station.get("circonscription", "01"),
            station.get("circonscription_name", ""),
            station["commune"],
            station["commune_name"],
            station["number"],
            registered,
            voters,
            _percent(voters, registered, "%"),
            registered - voters,
            _percent(registered - voters, registered, "%"),
            cast,
            _percent(cast, registered, "%"),
            _percent(cast, voters, "%"),
            station["blank"],
            _percent(station["blank"], registered, "%"),
            _percent(station["blank"], voters, "%"),
            station["null"],
            _percent(station["null"], registered, "%"),
            _percent(station["null"], voters, "%"),
        ]
        for panel, sex, surname, first_name, nuance, votes in station["candidates"]:
            row += [
                panel,
                nuance,
                surname,
                first_name,
                sex,
                votes,
                _percent(votes, registered, "%"),
                _percent(votes, cast, "%"),
                "",
            ]
        row += [""] * (len(header) - len(row))
        rows.append(row)
    return header, rows


def to_csv(header, rows, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def to_xlsx(header, rows):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Résultats")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_legacy(stations, encoding="latin-1", **options):
    return to_csv(*legacy_rows(stations, **options), encoding=encoding)


def write_numbered(stations, encoding="utf-8"):
    return to_csv(*numbered_rows(stations), encoding=encoding)
