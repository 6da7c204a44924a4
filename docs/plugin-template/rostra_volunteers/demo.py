"""``manage.py load_demo`` calls ``load(demo)`` in every plugin's ``demo``
module, after the core built the national site (``demo.site``, ``demo.home``).
It must be idempotent: running the demo twice changes nothing."""

from rostra_volunteers.models import VolunteerPage


def load(demo):
    if demo.home is None or VolunteerPage.objects.descendant_of(demo.home).exists():
        return
    demo.home.add_child(
        instance=VolunteerPage(
            title="Devenir bénévole",
            slug="benevoles",
            intro="Tractage, porte-à-porte, tenue des bureaux de vote : dites-nous quand "
            "vous êtes disponible.",
        )
    )
    demo.say("Volunteer page added.")
