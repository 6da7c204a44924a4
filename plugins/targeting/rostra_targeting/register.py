"""Reading INSEE's register of polling stations and addresses (répertoire
électoral unique, ``table-adresses-reu.csv`` as data.gouv.fr ships it:
comma-separated, UTF-8, one row an address with its polling station and the
number of voters' addresses it counts), then storing it commune by commune.

Every row is checked before anything is written: a file with one bad row
stores nothing and says which lines are wrong. Storing replaces the addresses
of the communes in the file, in one transaction, so importing the same file
again leaves the same rows."""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from rostra import tables

from rostra_targeting.models import RegisterAddress

MAX_ERRORS = 200
# The columns read, as INSEE names them; the others (geocoding) are left aside.
COMMUNE, STATION, ADDRESS, LINE, COUNT = (
    "code_commune_ref",
    "id_brut_bv_reu",
    "geo_adresse",
    "api_line",
    "nb_adresses",
)
REQUIRED = (COMMUNE, STATION, COUNT)
_COMMUNE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
# "12 bis Rue Paul Bert 69003 Lyon": a number (and its suffix), the street,
# then the postcode and the town that end a geocoded address.
_NUMBER = re.compile(r"^(\d+(?:\s?(?:bis|ter|quater|[a-z]))?)\s+(.+)$", re.IGNORECASE)
_TOWN = re.compile(r"\s+\d{5}\s+.*$")


@dataclass
class Reading:
    rows: list = field(default_factory=list)  # [RegisterAddress]
    errors: list = field(default_factory=list)  # [{"line": n, "message": "…"}]
    total: int = 0

    def error(self, line, message):
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"line": line, "message": str(message)})

    @property
    def communes(self):
        return sorted({row.commune_code for row in self.rows})


def split_address(text):
    """(number, street) of an address as the register writes it."""
    text = _TOWN.sub("", " ".join(text.split()))
    match = _NUMBER.match(text)
    if match:
        return match.group(1).lower(), match.group(2)
    return "", text


def station_code(commune, raw):
    """INSEE's raw id of a polling station (``69383_101``) as the results'
    code (``69383_0101``)."""
    number = raw.rsplit("_", 1)[-1].strip()
    return f"{commune}_{number.zfill(4) if number.isdigit() else number.upper()}"


def read(handle, *, progress=None, allowed=None):
    """Every row of the file, checked; ``progress(done, total)`` now and then.
    ``allowed(commune)`` says whether the uploader may load a commune (their
    territory): a row of another commune is an error of its line."""
    reading = Reading(total=tables.count_rows(handle))
    table = tables.open_table(handle)
    header = [str(name).strip().lower() for name in table.header]
    missing = [name for name in REQUIRED if name not in header]
    if missing or (ADDRESS not in header and LINE not in header):
        reading.error(
            1,
            _(
                "This is not INSEE's register of addresses by polling station "
                "(table-adresses-reu.csv): the columns %(columns)s are missing."
            )
            % {"columns": ", ".join(missing or [ADDRESS])},
        )
        return reading
    at = {name: header.index(name) for name in (*REQUIRED, ADDRESS, LINE) if name in header}
    done = 0
    for line, values, problem in table.rows:
        done += 1
        if progress and done % 1000 == 0:
            progress(done, reading.total)
        if problem == "encoding":
            reading.error(line, _("this line is not in the file's encoding"))
            continue

        def cell(name, values=values):
            index = at.get(name)
            return values[index].strip() if index is not None and index < len(values) else ""

        commune = cell(COMMUNE).upper()
        if not _COMMUNE.match(commune):
            reading.error(
                line, _("%(value)r is not an INSEE commune code") % {"value": cell(COMMUNE)}
            )
            continue
        if allowed is not None and not allowed(commune):
            reading.error(
                line, _("the commune %(code)s is outside your territory") % {"code": commune}
            )
            continue
        if not cell(STATION):
            reading.error(line, _("the polling station is empty"))
            continue
        count = cell(COUNT)
        if not count.isdigit() or not int(count):
            reading.error(
                line, _("nb_adresses is not a whole number above 0: %(value)r") % {"value": count}
            )
            continue
        address = cell(ADDRESS) or cell(LINE)
        if not address:
            reading.error(line, _("the address is empty"))
            continue
        number, street = split_address(address)
        reading.rows.append(
            RegisterAddress(
                commune_code=commune,
                station_code=station_code(commune, cell(STATION)),
                street=street[:200],
                house_number=number[:12],
                voters=int(count),
            )
        )
    if progress:
        progress(reading.total, reading.total)
    if not reading.rows and not reading.errors:
        reading.error(1, _("The file has no address."))
    return reading


def compare(reading):
    """The preview: what importing would do."""
    communes = reading.communes
    held = RegisterAddress.objects.filter(commune_code__in=communes)
    return {
        "communes": len(communes),
        "stations": len({row.station_code for row in reading.rows}),
        "addresses": len(reading.rows),
        "voters": sum(row.voters for row in reading.rows),
        "replaced_addresses": held.count(),
    }


@transaction.atomic
def store(reading):
    """Replace the addresses of the file's communes with the file's; all or nothing."""
    summary = compare(reading)
    RegisterAddress.objects.filter(commune_code__in=reading.communes).delete()
    RegisterAddress.objects.bulk_create(reading.rows, batch_size=2000)
    return summary
