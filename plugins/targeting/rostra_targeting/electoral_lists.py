"""Loading the electoral list, logging every access, and deleting it on time.

The list is read as the town hall hands it (CSV or XLSX; the register's
column names, found without accents or case): a name, an address and the
polling station's number. It is kept for the election it was obtained for and
deleted ``ROSTRA_TARGETING_LIST_MONTHS`` (default 6) months after that
election's last round, with a reminder ``ROSTRA_TARGETING_LIST_REMINDER_DAYS``
(default 14) days before. Nothing here creates or changes a person of the
supporter database.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rostra import tables
from rostra.mail.sending import send
from wagtail.users.models import UserProfile

from rostra_targeting.models import Election, ElectoralList, ListAccess, Voter
from rostra_targeting.results.layouts import key

COLUMNS = {
    "surname": ("nom d usage", "nom", "nom de naissance", "nom patronymique"),
    "first_names": ("prenoms", "prenom"),
    "house_number": ("numero de voie", "numero", "n voie", "num voie"),
    "street": ("libelle de voie", "type et libelle de voie", "voie", "adresse", "libelle voie"),
    "postcode": ("code postal", "cp"),
    "station": (
        "bureau de vote",
        "code du bureau de vote",
        "numero de bureau",
        "bureau",
        "code bv",
    ),
}
REQUIRED = ("surname", "street", "station")


def months():
    return getattr(settings, "ROSTRA_TARGETING_LIST_MONTHS", 6)


def reminder_days():
    return getattr(settings, "ROSTRA_TARGETING_LIST_REMINDER_DAYS", 14)


def _add_months(day, count):
    month = day.month - 1 + count
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def default_deletion(election, obtained_on):
    """``months()`` after the election's last round (or after the list was
    obtained, when no polling day is known)."""
    rounds = Election.objects.filter(kind=election.kind, year=election.year).exclude(held_on=None)
    last = max((r.held_on for r in rounds), default=None) or election.held_on or obtained_on
    return _add_months(last, months())


@dataclass
class ListReading:
    voters: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def read(handle, commune_code):
    table = tables.open_table(handle)
    keys = [key(name) for name in table.header]
    positions = {}
    for name, wanted in COLUMNS.items():
        found = next((keys.index(option) for option in wanted if option in keys), None)
        if found is not None:
            positions[name] = found
    reading = ListReading()
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        reading.errors.append(
            {
                "line": 1,
                "message": _("Columns not found: %(missing)s. The file's columns: %(columns)s.")
                % {
                    "missing": ", ".join(COLUMNS[name][0] for name in missing),
                    "columns": ", ".join(table.header),
                },
            }
        )
        return reading
    for line, values, _problem in table.rows:

        def cell(name, values=values):
            index = positions.get(name)
            return values[index].strip() if index is not None and index < len(values) else ""

        station = cell("station")
        if not station or not cell("surname"):
            reading.errors.append(
                {"line": line, "message": _("the name or the polling station is empty")}
            )
            continue
        number = station.zfill(4) if station.isdigit() else station.upper()
        name = " ".join(part for part in (cell("first_names"), cell("surname")) if part)
        reading.voters.append(
            Voter(
                station_code=f"{commune_code}_{number}",
                name=" ".join(part for part in (cell("first_names"), cell("surname")) if part)[
                    :200
                ],
                house_number=cell("house_number")[:12],
                street=cell("street")[:200],
                postcode=cell("postcode")[:10],
            )
        )
    return reading


def log(electoral_list, user, action, detail=""):
    ListAccess.objects.create(
        electoral_list=electoral_list,
        list_label=str(electoral_list)[:300],
        user=user if user and user.is_authenticated else None,
        action=action,
        detail=detail[:300],
    )


@transaction.atomic
def load(reading, *, election, commune_code, user, filename, obtained_on=None):
    obtained_on = obtained_on or timezone.localdate()
    electoral_list = ElectoralList.objects.create(
        election=election,
        commune_code=commune_code,
        obtained_on=obtained_on,
        delete_after=default_deletion(election, obtained_on),
        loaded_by=user,
        filename=filename[:255],
    )
    for voter in reading.voters:
        voter.electoral_list = electoral_list
    Voter.objects.bulk_create(reading.voters, batch_size=5000)
    log(electoral_list, user, ListAccess.Action.LOAD, f"{len(reading.voters)} voters")
    return electoral_list


def purge(*, now, dry_run):
    """Delete the lists past their date, with what was made from them (walk
    lists); remind whoever loaded a list of its deletion first. Safe to run twice."""
    today = timezone.localdate(now)
    due = ElectoralList.objects.filter(delete_after__lt=today)
    count = due.count()
    if not dry_run:
        remind(today)
        for electoral_list in due:
            with transaction.atomic():
                log(electoral_list, None, ListAccess.Action.DELETE, _("retention"))
                electoral_list.delete()
    return count


def remind(today):
    soon = today + datetime.timedelta(days=reminder_days())
    for electoral_list in ElectoralList.objects.filter(
        reminded_at=None, delete_after__lte=soon, delete_after__gte=today
    ).select_related("loaded_by"):
        user = electoral_list.loaded_by
        email = user.email if user else ""
        if email:
            send(
                "targeting/list_deletion",
                to=email,
                # In the language the user reads the admin in.
                language=UserProfile.get_for_user(user).get_preferred_language(),
                context={
                    "days": (electoral_list.delete_after - today).days,
                    "url": settings.WAGTAILADMIN_BASE_URL
                    + reverse("targeting_admin:list", args=[electoral_list.pk]),
                },
                key=f"targeting-list-deletion-{electoral_list.pk}",
            )
        electoral_list.reminded_at = timezone.now()
        electoral_list.save(update_fields=["reminded_at"])
        log(electoral_list, None, ListAccess.Action.REMIND, email)
