"""Demo: events on the national site (one full, with a waitlist; one online)
and one on each candidate site, RSVPs through the seats module, and a host
who can check people in at the door; a local group with members on the
national site and on the first candidate site, organised by the same user.
Idempotent: found by slug, made once."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from rostra.demo import Login
from rostra.people import api
from wagtail.models import Site

from rostra_organising.events import proposing, seats
from rostra_organising.events.models import EventIndexPage, EventPage
from rostra_organising.events.proposals import EventProposal
from rostra_organising.groups.forms import CONSENT_WORDING
from rostra_organising.groups.models import GroupPage, Membership
from rostra_organising.volunteering import demo as volunteering_demo

HOST = ("hote", "demo-hote-2026")
TOWNS = [
    ("69100", "Villeurbanne"),
    ("13001", "Marseille"),
    ("31000", "Toulouse"),
    ("33000", "Bordeaux"),
]
PEOPLE = [
    ("Camille", "Martin", "69003"), ("Léa", "Bernard", "69007"), ("Hugo", "Dubois", "69100"),
    ("Nora", "Moreau", "75011"), ("Karim", "Benali", "13001"), ("Inès", "Laurent", "31000"),
    ("Louis", "Petit", "33000"), ("Manon", "Roux", "59000"), ("Yanis", "Diallo", "44000"),
]  # fmt: skip


def _host():
    user, created = get_user_model().objects.get_or_create(
        username=HOST[0], defaults={"email": "hote@example.org", "first_name": "Hôte"}
    )
    if created:
        user.set_password(HOST[1])
        user.save()
        # Into the admin, for "Events I host" and its way to the door; nothing else.
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    return user


def _event(home, slug, host, **fields):
    found = EventPage.objects.descendant_of(home).filter(slug=slug).first()
    if found is not None:
        return found, False
    starts = timezone.now().replace(minute=0, second=0, microsecond=0) + fields.pop("in_days")
    page = home.add_child(
        instance=EventPage(
            slug=slug, starts_at=starts, ends_at=starts + timedelta(hours=2), **fields
        )
    )
    page.hosts.add(host)
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk), True


def _agenda(home, title="Agenda"):
    """The site's events listing (its filters, iCal feed and embed)."""
    found = EventIndexPage.objects.child_of(home).filter(slug="agenda").first()
    if found is not None:
        return found
    page = home.add_child(
        instance=EventIndexPage(
            title=title, slug="agenda", intro="Réunions, porte-à-porte, formations : venez !"
        )
    )
    page.save_revision().publish()
    return page


def _proposals(agenda, site):
    """Two events supporters proposed: one approved (published, its host's link
    in the outbox), one waiting for a moderator."""
    if EventProposal.objects.filter(listing=agenda).exists():
        return
    starts = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=8)
    for number, (title, email) in enumerate(
        [
            ("Apéro-débat au café du coin", "ines.laurent@example.org"),
            ("Pique-nique militant au parc", "louis.petit@example.org"),
        ]
    ):
        first, last = email.split("@")[0].split(".")
        person, _created = api.find_or_create(
            email=email, site=site, first_name=first.title(), last_name=last.title()
        )
        proposal = EventProposal.objects.create(
            listing=agenda,
            person=person,
            first_name=first.title(),
            last_name=last.title(),
            email=email,
            postcode="69003",
            language="fr",
            title=title,
            kind="social",
            intro="Un moment convivial pour parler de la campagne avec les voisins.",
            starts_at=starts + timedelta(days=number),
            ends_at=starts + timedelta(days=number, hours=2),
            venue="Café de la Place",
            address="3 place Guichard",
            event_postcode="69003",
            town="Lyon",
            capacity=25,
            accessibility="Terrasse de plain-pied.",
        )
        if number == 0:
            proposing.approve(proposal, None)


def _rsvp(event, count, site):
    for first, last, postcode in PEOPLE[:count]:
        email = f"{first.lower()}.{last.lower()}@example.org".replace("é", "e").replace("è", "e")
        person, _created = api.find_or_create(
            email=email, site=site, first_name=first, last_name=last, postcode=postcode
        )
        seats.reserve(
            event.pk,
            person=person,
            first_name=first,
            last_name=last,
            email=email,
            postcode=postcode,
            language="fr",
        )


def _group(home, slug, organiser, members, site, **fields):
    """A local group and its members (their addresses proved, as by the emailed link)."""
    found = GroupPage.objects.child_of(home).filter(slug=slug).first()
    if found is not None:
        return found
    page = home.add_child(instance=GroupPage(slug=slug, **fields))
    page.organisers.add(organiser)
    page.save_revision().publish()
    for first, last, postcode in members:
        email = f"{first.lower()}.{last.lower()}@example.org".replace("é", "e").replace("è", "e")
        person, _created = api.find_or_create(
            email=email, site=site, first_name=first, last_name=last, postcode=postcode
        )
        Membership.objects.create(
            group=page,
            person=person,
            first_name=first,
            last_name=last,
            email=email,
            postcode=postcode,
            language="fr",
            consent_granted=True,
            consent_wording=str(CONSENT_WORDING),
            consent_recorded_at=timezone.now(),
        )
    return GroupPage.objects.get(pk=page.pk)


def load(demo):
    if demo.site is None:
        return
    host = _host()
    home = demo.site.root_page
    full, made = _event(
        home,
        "reunion-lyon",
        host,
        title="Réunion publique : le programme pour Lyon",
        kind="meeting",
        intro="Présentation du programme et questions du public.",
        in_days=timedelta(days=4, hours=2),
        venue="Salle Molière",
        address="18 quai de Bondy",
        postcode="69005",
        town="Lyon",
        capacity=5,
        host_names="L'équipe de Lyon",
        accessibility="Salle accessible de plain-pied ; boucle magnétique à l'accueil.",
    )
    if made:
        _rsvp(full, 8, demo.site)  # 5 seats taken, 3 on the waitlist
    _event(
        home,
        "formation-en-ligne",
        host,
        title="Formation en ligne : bien accueillir les nouveaux",
        kind="training",
        intro="Une heure pour apprendre à accueillir et orienter les nouveaux soutiens.",
        in_days=timedelta(days=9),
        online=True,
        online_url="https://visio.example.org/formation-accueil",
        capacity=40,
        host_names="Pôle formation",
        accessibility="Sous-titrage en direct.",
    )
    group = _group(
        home,
        "groupe-villeurbanne",
        host,
        PEOPLE[:4],
        demo.site,
        title="Groupe local de Villeurbanne",
        intro="Porte-à-porte, marchés et réunions d'appartement : rejoignez-nous.",
        postcode="69100",
        town="Villeurbanne",
        organiser_names="Hugo et Camille",
    )
    _event(
        home,
        "porte-a-porte-villeurbanne",
        host,
        title="Porte-à-porte à Villeurbanne",
        kind="doors",
        intro="Par binômes, dans le quartier des Gratte-Ciel.",
        in_days=timedelta(days=3, hours=5),
        venue="Devant la mairie",
        address="Place Lazare-Goujon",
        postcode="69100",
        town="Villeurbanne",
        capacity=30,
        host_names="L'équipe de Villeurbanne",
        accessibility="Parcours à pied ; un binôme peut rester à la table d'accueil, assise.",
        group=group,
    )
    agenda = _agenda(home)
    _proposals(agenda, demo.site)
    demo.logins.append(Login("Event host (check-in)", HOST[0], HOST[1], demo.url("/admin/")))
    demo.say(
        "Organising: 3 national events (one full, with a waitlist), the agenda "
        "and a local group with 4 members (organiser: the event host)."
    )
    volunteering_demo.load(demo)


def finish(demo):
    """One event on each candidate site (the network's loader made them)."""
    if demo.site is None:
        return
    host = _host()
    sites = Site.objects.exclude(pk=demo.site.pk).select_related("root_page").order_by("pk")
    for number, site in enumerate(sites):
        postcode, town = TOWNS[number % len(TOWNS)]
        event, made = _event(
            site.root_page,
            "porte-a-porte",
            host,
            title=f"Porte-à-porte avec {site.site_name}",
            kind="doors",
            intro="Rendez-vous devant la mairie, par groupes de deux.",
            in_days=timedelta(days=6 + number),
            venue="Devant la mairie",
            address="Place de la Mairie",
            postcode=postcode,
            town=town,
            capacity=20,
            host_names=site.site_name,
            accessibility="Parcours à pied d'environ deux heures ; un binôme à vélo possible.",
        )
        if made:
            _rsvp(event, 3, site)
        _agenda(site.root_page)
        if number == 0:
            _group(
                site.root_page,
                "groupe-local",
                host,
                PEOPLE[4:7],
                site,
                title=f"Groupe local de {town}",
                intro="Le groupe local de la circonscription : actions de terrain chaque semaine.",
                postcode=postcode,
                town=town,
                organiser_names=site.site_name,
            )
    demo.say(
        "Organising: one door-to-door event on each candidate site; a local group on the first one."
    )
    volunteering_demo.finish(demo)
