"""Demo: a petitions section on the national site with two petitions, one close
to its goal, with confirmed signatures spread over France and over time."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale
from wagtail.rich_text import RichText

from rostra_petitions import counting, territory
from rostra_petitions.models import PetitionIndexPage, PetitionPage, PetitionState, Signature

# Real postcodes and a rough weight (population) to spread signers over France.
PLACES = [
    ("75011", 12), ("75018", 10), ("93200", 6), ("92100", 5), ("94000", 4), ("69003", 8),
    ("13001", 8), ("31000", 6), ("33000", 6), ("59000", 7), ("44000", 5), ("67000", 5),
    ("35000", 4), ("34000", 4), ("06000", 4), ("38000", 4), ("21000", 2), ("29200", 2),
    ("63000", 2), ("87000", 1), ("80000", 2), ("76000", 3), ("45000", 2), ("37000", 2),
    ("97400", 3), ("20000", 1), ("64000", 2), ("25000", 1), ("51100", 2), ("72000", 2),
    ("49000", 2), ("30000", 2), ("83000", 2), ("84000", 1), ("57000", 2), ("54000", 2),
    ("86000", 1), ("17000", 1), ("56000", 1), ("22000", 1), ("19100", 1), ("15000", 1),
]  # fmt: skip
FIRST = ["Camille", "Léa", "Hugo", "Nora", "Karim", "Inès", "Louis", "Manon", "Yanis", "Chloé"]
LAST = ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Benali", "Petit", "Roux", "Diallo"]

PETITIONS = [
    {
        "slug": "petites-lignes",
        "title": "Maintenons les petites lignes ferroviaires",
        "intro": "Des trains du quotidien dans toutes les régions : nous demandons l'arrêt des fermetures de lignes.",
        "target": "Le ministre chargé des Transports",
        "goal": 5000,
        "signatures": 4870,
        "paper": 0,
        "days": 40,
        "thresholds": [
            (1000, "Mille signatures en une semaine : merci !"),
            (2500, "Plus de 2 500 signatures : nous serons reçus au ministère."),
        ],
        "text": "<p>Depuis vingt ans, des centaines de kilomètres de petites lignes ont fermé. Pour des milliers de personnes, le train était le seul moyen d'aller travailler, étudier ou se soigner.</p><p>Nous demandons un moratoire sur toute fermeture et un plan d'investissement de 1,5 milliard d'euros par an.</p>",
        "en": {
            "slug": "local-railway-lines",
            "title": "Keep our local railway lines",
            "intro": "Everyday trains in every region: we ask for an end to line closures.",
            "target": "The Minister for Transport",
            "thresholds": [
                "A thousand signatures in a week: thank you!",
                "More than 2,500 signatures: the ministry will meet us.",
            ],
            "text": "<p>Over twenty years, hundreds of kilometres of local lines have closed. For thousands of people the train was the only way to get to work, to school or to the doctor.</p><p>We ask for a moratorium on every closure and an investment plan of 1.5 billion euros a year.</p>",
        },
    },
    {
        "slug": "medecin-20-minutes",
        "title": "Un médecin à moins de vingt minutes de chez soi",
        "intro": "Contre les déserts médicaux, nous demandons des maisons de santé publiques dans chaque bassin de vie.",
        "target": "Le Parlement",
        "goal": 20000,
        "signatures": 1240,
        "paper": 180,
        "days": 12,
        "thresholds": [(1000, "Déjà plus de mille signataires !")],
        "text": "<p>Six millions de Français n'ont pas de médecin traitant. Nous proposons 1 000 maisons de santé publiques, avec des médecins salariés.</p>",
        "en": {
            "slug": "doctor-within-20-minutes",
            "title": "A doctor within twenty minutes of home",
            "intro": "Against medical deserts, we ask for public health centres in every community.",
            "target": "Parliament",
            "thresholds": ["Already more than a thousand signers!"],
            "text": "<p>Six million people in France have no family doctor. We propose 1,000 public health centres with salaried doctors.</p>",
        },
    },
]


def load(demo):
    if demo.home is None:
        return
    section = PetitionIndexPage.objects.child_of(demo.home).first()
    if section is not None:
        demo.say("Petitions already there; keeping them.")
        return
    admin = get_user_model().objects.filter(is_superuser=True).first()
    section = demo.home.add_child(
        instance=PetitionIndexPage(
            title="Pétitions",
            slug="petitions",
            locale=demo.home.locale,
            owner=admin,
            intro="Signez, faites signer : chaque signature compte.",
        )
    )
    section.save_revision(user=admin).publish()
    pages = []
    rng = random.Random(2027)  # noqa: S311 - demo data, not security
    first = None
    for spec in PETITIONS:
        page = section.add_child(
            instance=PetitionPage(
                title=spec["title"],
                slug=spec["slug"],
                locale=demo.home.locale,
                owner=admin,
                intro=spec["intro"],
                target=spec["target"],
                goal=spec["goal"],
                deadline=timezone.now() + datetime.timedelta(days=60),
                body=[("rich_text", RichText(spec["text"]))],
                thresholds=[
                    ("threshold", {"count": count, "message": message, "alert": False})
                    for count, message in spec["thresholds"]
                ],
            )
        )
        page.save_revision(user=admin).publish()
        _signatures(page, spec, rng)
        pages.append((page, spec["en"]))
        first = first or page
    _translate(section, pages, admin)
    demo.extra["petitions_section"] = section
    # The home page links it (rostra.pages.demo.finish).
    demo.extra.setdefault("home_actions", []).append(
        {
            "page": first,
            "heading": "Signez la pétition",
            "text": first.title,
            "label": "Je signe",
            "heading_en": "Sign the petition",
            "text_en": "Add your name: every signature counts.",
            "label_en": "Sign",
        }
    )
    demo.say(f"Petitions: {len(PETITIONS)} on the national site, under /petitions/.")


def _translate(section, pages, admin):
    """The English petitions, beside the French ones (Wagtail's translations:
    one petition in two languages, counted together)."""
    en = Locale.objects.filter(language_code="en").first()
    if en is None or not section.get_parent().get_translations().filter(locale=en).exists():
        return
    copy = section.copy_for_translation(en)
    copy.title, copy.slug = "Petitions", "petitions"
    copy.intro = "Sign, share: every signature counts."
    copy.save_revision(user=admin).publish()
    for page, english in pages:
        copy = page.copy_for_translation(en)
        copy.title, copy.slug = english["title"], english["slug"]
        copy.intro, copy.target = english["intro"], english["target"]
        copy.body = [("rich_text", RichText(english["text"]))]
        copy.thresholds = [
            ("threshold", {"count": block.value["count"], "message": message, "alert": False})
            for block, message in zip(page.thresholds, english["thresholds"], strict=True)
        ]
        copy.save_revision(user=admin).publish()


def _signatures(page, spec, rng):
    now = timezone.now()
    places = [postcode for postcode, weight in PLACES for _ in range(weight)]
    rows = []
    for index in range(spec["signatures"] + spec["paper"]):
        paper = index >= spec["signatures"]
        postcode = rng.choice(places)
        departement, constituency = territory.locate(postcode)
        # More signatures at the start and after each share: a decaying curve.
        age = datetime.timedelta(
            days=spec["days"] * rng.random() ** 1.6, minutes=rng.randint(0, 600)
        )
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first.lower()}.{last.lower()}.{spec['slug']}{index}@example.org"
        rows.append(
            Signature(
                petition=page,
                state=Signature.State.VALIDATED,
                source=Signature.Source.PAPER if paper else Signature.Source.ONLINE,
                first_name=first,
                last_name=last,
                email="" if paper else email,
                email_canonical="" if paper else email.replace(".", "", 1),
                email_domain="" if paper else "example.org",
                postcode=postcode,
                country="FR",
                departement_code=departement,
                constituency=constituency,
                created_at=now - age,
                validated_at=now - age + datetime.timedelta(minutes=3),
                token="",
            )
        )
    Signature.objects.bulk_create(rows, batch_size=2000)
    PetitionState.for_petition(page)
    counting.recount([page.pk], quiet=True)  # builds the counters from the signatures
    PetitionState.objects.filter(petition=page).update(counted_at=now, last_drift=0)
