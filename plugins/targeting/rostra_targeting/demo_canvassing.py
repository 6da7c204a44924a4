"""The demo's canvassing session: a demo canvasser's doors on the top walk
lists, stored through the same synchronisation the phone page posts to
(canvassing.sync), so the progress screens and the "still to do" column show
figures. Each door has a fixed id: loading the demo again adds nothing."""

import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from rostra_targeting import canvassing
from rostra_targeting.models import WalkList

CANVASSER = ("porte-a-porte", "demo-porte-2026")
# How doors go on a weekday evening: many not in, few who want to volunteer.
OUTCOMES = [
    ("not_in", 45),
    ("talked", 20),
    ("not_interested", 12),
    ("favourable", 14),
    ("volunteer", 3),
    ("news", 6),
]
NAMESPACE = uuid.UUID("6f1c1f1e-5d0b-4c55-9a1e-2f7c1d0e7a16")


def _canvasser():
    user, created = get_user_model().objects.get_or_create(
        username=CANVASSER[0], defaults={"email": "porte-a-porte@example.org", "first_name": "Sam"}
    )
    if created:
        user.set_password(CANVASSER[1])
        user.save()
        # The phone pages (and the admin's sign-in); nothing of the electoral list's screens.
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label__in=["wagtailadmin", "targeting"],
                codename__in=["access_admin", "add_doorvisit"],
            )
        )
    return user


def load(demo, walk_lists=3):
    """Doors on the ``walk_lists`` best-ranked walk lists: about two addresses
    in three knocked, one evening each."""
    user = _canvasser()
    rng = random.Random(16)  # noqa: S311 - synthetic outcomes, the same at every run
    outcomes, weights = zip(*OUTCOMES, strict=True)
    evening = timezone.make_aware(datetime.datetime(2027, 5, 18, 18, 30))
    entries = []
    chosen = list(WalkList.objects.filter(electoral_list__commune_code="69123")[:walk_lists])
    for day, walk_list in enumerate(chosen):
        doors = [
            (street.name, number)
            for street in canvassing.addresses(walk_list)
            for side in street.sides
            for number, _voters in side.addresses
        ]
        for index, (street, number) in enumerate(doors[: len(doors) * 2 // 3]):
            at = evening + datetime.timedelta(days=day, minutes=2 * index)
            entries.append(
                {
                    "id": str(uuid.uuid5(NAMESPACE, f"{walk_list.station_code}|{street}|{number}")),
                    "walk_list": walk_list.pk,
                    "street": street,
                    "number": number,
                    "outcome": rng.choices(outcomes, weights)[0],
                    "at": at.isoformat(),
                }
            )
    stored = canvassing.sync(entries, user, walk_lists={w.pk: w for w in chosen})
    logins = getattr(demo, "logins", None)
    if logins is not None:
        from rostra.demo import Login

        logins.append(Login("Canvasser (phone)", *CANVASSER, demo.url("/_targeting/canvass/")))
    return len(entries), stored
