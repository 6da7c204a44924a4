"""Demo supporters: a few thousand French people, generated in code and
imported through the real import engine (bulk path), with a few consents,
a saved segment and the demo constituencies of Lyon, Marseille and Lille
(areas drawn for the demo from whole arrondissements and communes: a party
imports its own table, Supporters › Constituencies)."""

import io

from django.utils import timezone

from rostra.people import constituencies, sample_data
from rostra.people.importing import engine
from rostra.people.models import Person, SavedSegment

COUNT = 3000
SOURCE = "Démo : fichier NationBuilder"


def load(demo):
    if Person.objects.filter(source_detail=SOURCE).exists():
        return
    started = timezone.now()
    constituencies.import_csv(
        "constituency_code;constituency_name;commune_code\n"
        "69-01;Rhône, 1re circonscription;69381\n"
        "69-01;Rhône, 1re circonscription;69384\n"
        "69-01;Rhône, 1re circonscription;69385\n"
        "69-02;Rhône, 2e circonscription;69382\n"
        "69-02;Rhône, 2e circonscription;69383\n"
        "69-06;Rhône, 6e circonscription;69266\n"
        "13-04;Bouches-du-Rhône, 4e circonscription;13201\n"
        "13-04;Bouches-du-Rhône, 4e circonscription;13202\n"
        "13-04;Bouches-du-Rhône, 4e circonscription;13203\n"
        "13-05;Bouches-du-Rhône, 5e circonscription;13204\n"
        "13-05;Bouches-du-Rhône, 5e circonscription;13205\n"
        "13-05;Bouches-du-Rhône, 5e circonscription;13206\n"
        "13-01;Bouches-du-Rhône, 1re circonscription;13211\n"
        "13-01;Bouches-du-Rhône, 1re circonscription;13212\n"
        "59-01;Nord, 1re circonscription;59350\n"
        "59-02;Nord, 2e circonscription;59009\n"
    )
    summary = engine.run(
        io.BytesIO(sample_data.csv_bytes(COUNT)),
        engine.Options(
            source_label=SOURCE,
            site=demo.site,
            consent_wording="J'accepte de recevoir les nouvelles de la campagne par e-mail.",
            chunk_size=1000,
        ),
    )
    SavedSegment.objects.get_or_create(
        name="Bénévoles du Rhône", defaults={"query": "tag=bénévole&departement=69"}
    )
    SavedSegment.objects.get_or_create(
        name="Abonnés à la lettre", defaults={"query": "consent=newsletter:email"}
    )
    seconds = (timezone.now() - started).total_seconds()
    demo.say(f"  people: {summary.counts['create']} supporters imported in {seconds:.1f} s")
