"""Demo of volunteering: the "Je m'engage" page, volunteers, shifts with
sign-ups, and a polling-station staffing table, on the national site and on
each candidate site. Idempotent: what exists is found, not made again."""

from datetime import timedelta

from django.utils import timezone
from rostra import polling_stations
from rostra.blueprint import add_page
from rostra.people import api
from wagtail.models import Site

from rostra_organising.volunteering import shifts
from rostra_organising.volunteering.models import (
    Recruit,
    Shift,
    UploadedPollingStation,
    Volunteer,
    VolunteerPage,
    pack,
)

VOLUNTEERS = [
    ("Camille", "Martin", "69003", ["doors", "assessor"], ["weekends", "election_day"]),
    ("Léa", "Bernard", "69007", ["phoning", "social"], ["evenings"]),
    ("Hugo", "Dubois", "69100", ["leaflets", "delegate"], ["weekends", "election_day"]),
    ("Nora", "Moreau", "69001", ["assessor"], ["election_day"]),
    ("Karim", "Benali", "69008", ["delegate", "doors"], ["election_day", "weekdays"]),
    ("Inès", "Laurent", "69004", ["assessor", "phoning"], ["election_day", "evenings"]),
]
SHIFTS = [
    ("Porte-à-porte du samedi matin", "doors", 3, 10, "Devant la mairie", 6),
    ("Phoning du mardi soir", "phoning", 5, 18, "Local de campagne", 8),
    ("Distribution de tracts au marché", "leaflets", 6, 9, "Entrée du marché", 4),
]
# Polling stations uploaded by CSV where the register (targeting) has none.
UPLOADED = [
    ("69266", "0001", "Hôtel de ville de Villeurbanne", "Place Lazare-Goujon"),
    ("69266", "0002", "École Jean Jaurès", "10 rue Jean Jaurès"),
]


def _page(site):
    home = site.root_page
    page = VolunteerPage.objects.descendant_of(home).first()
    if page is None:
        page = add_page(
            home,
            VolunteerPage,
            title="Je m'engage",
            slug="je-m-engage",
            intro="Porte-à-porte, phoning, tractage, bureaux de vote : dites-nous comment aider.",
        )
        page.save_revision().publish()
    return page


def _volunteers(site, page, prefix):
    made = []
    for first, last, postcode, tasks, availability in VOLUNTEERS:
        email = f"{prefix}{first.lower()}.{last.lower()}@example.org".replace("é", "e")
        email = email.replace("è", "e").replace("è", "e").replace("ï", "i")
        found = Volunteer.objects.filter(email=email, site=site).first()
        if found is None:
            person, _ = api.find_or_create(
                email=email, site=site, first_name=first, last_name=last, postcode=postcode
            )
            found = Volunteer(
                person=person,
                site=site,
                page=page,
                first_name=first,
                last_name=last,
                email=email,
                postcode=postcode,
                tasks=pack(tasks),
                availability=pack(availability),
                language="fr",
            )
            found.place()
            found.save()
        made.append(found)
    return made


def _shifts(site, volunteers):
    today = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for title, task, days, hour, meeting_point, capacity in SHIFTS:
        if Shift.objects.filter(site=site, title=title).exists():
            continue
        starts = today.replace(hour=hour) + timedelta(days=days)
        shift = Shift.objects.create(
            site=site,
            title=title,
            task=task,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            meeting_point=meeting_point,
            capacity=capacity,
        )
        for volunteer in volunteers[: capacity - 1]:
            if task in volunteer.task_list() or task == "doors":
                shifts.sign_up(shift.pk, volunteer=volunteer)


def _staff(site, volunteers, commune_codes, posts):
    """Fill ``posts`` posts of the stations of the communes, the first ones."""
    found = [
        station
        for station in polling_stations.listed(commune_codes=commune_codes)
        if station.commune_code in commune_codes
    ]
    found += [
        station
        for station in UploadedPollingStation.objects.filter(commune_code__in=commune_codes)
        if station.code not in {other.code for other in found}
    ]
    recruits = [v for v in volunteers if {"assessor", "delegate"} & set(v.task_list())]
    slots = [
        (station, role, position)
        for station in found
        for role, position in (
            ("assessor", "titulaire"),
            ("delegate", "titulaire"),
            ("assessor", "suppleant"),
        )
    ]
    for number, (station, role, position) in enumerate(slots[:posts]):
        volunteer = recruits[number % len(recruits)]
        Recruit.objects.get_or_create(
            site=site,
            station_code=station.code,
            role=role,
            position=position,
            defaults={
                "commune_code": station.commune_code,
                "person": volunteer.person,
                "volunteer": volunteer,
                "last_name": volunteer.last_name,
                "first_name": volunteer.first_name,
                "birth_place": "Lyon",
                "elector_number": str(1000 + number),
            },
        )


def load(demo):
    if demo.site is None:
        return
    page = _page(demo.site)
    volunteers = _volunteers(demo.site, page, "")
    _shifts(demo.site, volunteers)
    for commune, number, name, address in UPLOADED:
        UploadedPollingStation.objects.get_or_create(
            code=f"{commune}_{number}",
            defaults={"commune_code": commune, "number": number, "name": name, "address": address},
        )
    demo.say("Organising: a volunteer form, 6 volunteers and 3 shifts on the national site.")


def finish(demo):
    """The staffing tables (the register's stations are loaded by now), and
    each candidate site's volunteers and shifts."""
    if demo.site is None:
        return
    volunteers = list(Volunteer.objects.filter(site=demo.site, email__endswith="@example.org"))
    _staff(demo.site, volunteers, ["69123", "69266"], 12)
    sites = Site.objects.exclude(pk=demo.site.pk).order_by("pk")
    for number, site in enumerate(sites):
        page = _page(site)
        theirs = _volunteers(site, page, f"{site.hostname.split('.')[0]}.")
        _shifts(site, theirs[:4])
        if number == 0:
            _staff(site, theirs, ["69123"], 6)
    demo.say("Organising: shifts and a polling-station staffing table on each site.")
