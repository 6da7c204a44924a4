"""Importing paper signatures from a CSV file.

Columns (French or English headers, any order): first name, last name,
postcode, and optionally email, country, date signed. Paper signatures are
confirmed by the volunteer who collected them: they are counted at once, in the
paper counter, shown apart from online ones. A line whose email already signed
this petition (online or on paper) is skipped and reported.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from rostra.people.canonical import canonical_email, email_domain

from rostra_petitions import counting, territory
from rostra_petitions.countries import COUNTRIES
from rostra_petitions.models import PaperBatch, Signature

HEADERS = {
    "first_name": {"first_name", "first name", "prénom", "prenom", "firstname"},
    "last_name": {"last_name", "last name", "nom", "lastname", "surname", "nom de famille"},
    "email": {"email", "e-mail", "courriel", "mail", "adresse email"},
    "postcode": {"postcode", "post code", "zip", "code postal", "cp", "code_postal"},
    "country": {"country", "pays"},
    "signed_on": {"date", "signed_on", "signed on", "date de signature", "signé le", "signe le"},
}
_COUNTRY_CODES = {code for code, _label in COUNTRIES}


@dataclass
class ImportReport:
    imported: int = 0
    skipped: list = field(default_factory=list)  # (line, reason)


def read_rows(content):
    """Decode an uploaded file (UTF-8 with or without BOM, or Latin-1 from Excel)
    and guess its delimiter."""
    if isinstance(content, bytes):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("latin-1")
    else:
        text = content
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = list(reader)
    if not rows:
        raise ValueError(_("The file is empty."))
    columns = {}
    for index, header in enumerate(rows[0]):
        name = header.strip().lower()
        for key, names in HEADERS.items():
            if name in names and key not in columns:
                columns[key] = index
    missing = [key for key in ("first_name", "last_name", "postcode") if key not in columns]
    if missing:
        raise ValueError(
            _("Missing columns: %(columns)s. Expected headers such as prénom, nom, code postal.")
            % {"columns": ", ".join(missing)}
        )
    return columns, rows[1:]


def import_file(petition, content, *, file_name, user=None, progress=None):
    columns, rows = read_rows(content)
    report = ImportReport()
    batch = PaperBatch.objects.create(petition=petition, file_name=file_name, imported_by=user)
    now = timezone.now()
    with transaction.atomic():
        for line, row in enumerate(rows, start=2):
            if progress:
                progress(line - 1, len(rows))
            if not any(cell.strip() for cell in row):
                continue
            reason = _import_row(petition, batch, _Row(row, columns), now)
            if reason:
                report.skipped.append((line, reason))
            else:
                report.imported += 1
        batch.imported, batch.skipped = report.imported, len(report.skipped)
        batch.report = [[line, str(reason)] for line, reason in report.skipped[:1000]]
        batch.save()
        counting.schedule()
    return batch, report


class _Row:
    def __init__(self, cells, columns):
        self.cells, self.columns = cells, columns

    def __call__(self, key):
        index = self.columns.get(key)
        return self.cells[index].strip() if index is not None and index < len(self.cells) else ""


def _import_row(petition, batch, value, now):
    first, last = " ".join(value("first_name").split()), " ".join(value("last_name").split())
    if not first or not last:
        return _("name missing")
    country = (value("country") or "FR").upper()[:2]
    if country not in _COUNTRY_CODES:
        country = "ZZ"
    postcode = territory.normalise_postcode(value("postcode"), country)
    if not territory.is_valid_postcode(postcode, country):
        return _("postcode %(postcode)s not recognised") % {"postcode": postcode or "—"}
    email = value("email")
    key = canonical_email(email) if email else ""
    if email and not key:
        return _("email %(email)s not valid") % {"email": email}
    signed_on = parse_date(value("signed_on")) if value("signed_on") else None
    when = now
    if signed_on:
        when = timezone.make_aware(
            timezone.datetime.combine(signed_on, timezone.datetime.min.time())
        )
    departement, constituency = territory.locate(postcode, country)
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                petition=petition,
                source=Signature.Source.PAPER,
                state=Signature.State.VALIDATED,
                first_name=first[:150],
                last_name=last[:150],
                email=email if key else "",
                email_canonical=key,
                email_domain=email_domain(email) if key else "",
                postcode=postcode,
                country=country,
                departement_code=departement,
                constituency=constituency,
                created_at=when,
                validated_at=now,
                paper_batch=batch,
                token="",
            )
    except IntegrityError:
        return _("this email already signed the petition")
    counting.record(signature, +1, channel=Signature.Source.PAPER)
    return ""
