"""What manage.py load_demo adds: two past elections for the demo's cities in
the Ministry's own layouts (synthetic figures, realistic shapes), a saved
strategy, an electoral list of synthetic voters, walk lists and a canvassing
session (demo_canvassing). Running it twice changes nothing."""

import datetime
import io
import random

from rostra_targeting import canvassing, demo_canvassing, electoral_lists, official_files, scoring
from rostra_targeting.models import (
    Bloc,
    Election,
    ElectoralList,
    PollingStation,
    Strategy,
    Voter,
    WalkList,
)
from rostra_targeting.results import importer

# The demo's cities (those of the network demo's candidates): INSEE code, name, stations.
CITIES = [("69123", "Lyon", 14), ("13055", "Marseille", 14), ("59350", "Lille", 10)]
CANDIDATES = [  # panel, sex, surname, first name, nuance 2022, nuance 2024, weight
    (1, "F", "RIVIÈRE", "Nadia", "NUP", "UG", 0.30),
    (2, "M", "FONTAINE", "Marc", "ENS", "ENS", 0.26),
    (3, "F", "GARNIER", "Claire", "LR", "LR", 0.10),
    (4, "M", "LAMBERT", "Hugo", "RN", "RN", 0.24),
    (5, "F", "MOREL", "Inès", "ECO", "ECO", 0.06),
    (6, "M", "CHEVALIER", "Paul", "DXG", "EXG", 0.04),
]
STREETS = ["Rue de la République", "Avenue Jean Jaurès", "Rue Victor Hugo", "Place Bellecour"]
SURNAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"]
FIRST_NAMES = ["Camille", "Léa", "Lucas", "Hugo", "Chloé", "Inès", "Louis", "Emma"]


def _stations(year, rng):
    """Each station's figures at one election: turnout and votes drawn around
    a city-wide shape, so that stations differ the way real ones do."""
    stations = []
    for commune, city, count in CITIES:
        for number in range(1, count + 1):
            registered = rng.randint(700, 1400)
            turnout = rng.uniform(0.38, 0.72) - (0.04 if year == 2022 else 0)
            voters = int(registered * turnout)
            blank, null = rng.randint(3, 15), rng.randint(2, 9)
            cast = voters - blank - null
            weights = [c[6] * rng.uniform(0.6, 1.5) for c in CANDIDATES]
            votes = [int(cast * w / sum(weights)) for w in weights]
            votes[0] += cast - sum(votes)
            stations.append(
                {
                    "commune": commune,
                    "commune_name": city,
                    "number": f"{number:04d}",
                    "registered": registered,
                    "voters": voters,
                    "blank": blank,
                    "null": null,
                    "candidates": [
                        (c[0], c[1], c[2], c[3], c[4] if year == 2022 else c[5], v)
                        for c, v in zip(CANDIDATES, votes, strict=True)
                    ],
                }
            )
    return stations


def _import(election, data):
    reading = importer.read(io.BytesIO(data))
    if reading.errors:
        raise ValueError(reading.errors[:3])
    return importer.store(election, reading)


def load(demo):
    rng = random.Random(2024)  # noqa: S311 - synthetic figures, the same at every run
    first, _created = Election.objects.get_or_create(
        kind="legislatives", year=2022, round=1, defaults={"held_on": datetime.date(2022, 6, 12)}
    )
    second, _created = Election.objects.get_or_create(
        kind="legislatives", year=2024, round=1, defaults={"held_on": datetime.date(2024, 6, 30)}
    )
    _import(first, official_files.write_legacy(_stations(2022, rng), encoding="latin-1"))
    _import(second, official_files.write_numbered(_stations(2024, rng)))
    strategy, _created = Strategy.objects.get_or_create(
        name="Réveiller les abstentionnistes de gauche",
        defaults={
            "bloc": Bloc.objects.get(code="gauche"),
            "reference": second,
            "swing_from": first,
            "weight_potential": 2,
            "weight_swing": 1,
            "weight_closeness": 1,
        },
    )
    # The next election, for which the Lyon team obtained the electoral list.
    upcoming, _created = Election.objects.get_or_create(
        kind="legislatives", year=2027, round=1, defaults={"held_on": datetime.date(2027, 6, 13)}
    )
    if not ElectoralList.objects.filter(commune_code="69123").exists():
        voters = []
        for station in PollingStation.objects.filter(commune_code="69123"):
            for index in range(rng.randint(30, 60)):
                voters.append(
                    Voter(
                        station_code=station.code,
                        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES).upper()}",
                        house_number=str(rng.randint(1, 40)),
                        street=STREETS[index % len(STREETS)],
                        postcode="69002",
                    )
                )
        electoral_list = electoral_lists.load(
            electoral_lists.ListReading(voters=voters),
            election=upcoming,
            commune_code="69123",
            user=None,
            filename="liste-electorale-lyon-demo.csv",
        )
        rows = scoring.rank(strategy, PollingStation.objects.filter(commune_code="69123"))
        canvassing.make_walk_lists(
            strategy, rows, ElectoralList.objects.filter(pk=electoral_list.pk), None, 5
        )
    doors, _stored = demo_canvassing.load(demo)
    demo.say(
        f"Targeting: {PollingStation.objects.count()} polling stations, 2 elections, "
        f"strategy “{strategy.name}”, {WalkList.objects.count()} walk lists, "
        f"{doors} doors knocked by the demo canvasser."
    )
