"""Importing paper signatures from a CSV file.

Columns (French or English headers, any order): first name, last name,
postcode, and optionally email, country, date signed. Paper signatures are
confirmed by the volunteer who collected them: they are counted at once, in the
paper counter, shown apart from online ones. A line whose email already signed
this petition (online or on paper) is skipped and reported.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from rostra import countries, tables
from rostra.people.canonical import canonical_email, email_domain
from rostra.worker.queueing import with_commit

from rostra_petitions import counting, territory
from rostra_petitions.models import PaperBatch, Signature

HEADERS = {
    "first_name": {"first_name", "first name", "prénom", "prenom", "firstname"},
    "last_name": {"last_name", "last name", "nom", "lastname", "surname", "nom de famille"},
    "email": {"email", "e-mail", "courriel", "mail", "adresse email"},
    "postcode": {"postcode", "post code", "zip", "code postal", "cp", "code_postal"},
    "country": {"country", "pays"},
    "signed_on": {"date", "signed_on", "signed on", "date de signature", "signé le", "signe le"},
}


@dataclass
class ImportReport:
    imported: int = 0
    skipped: list = field(default_factory=list)  # (line, reason)


def read_rows(content):
    """The columns found in the header line and the [(line, cells)] after it
    (rostra.tables: encoding and delimiter recognised, blank rows left out)."""
    table = tables.read_bytes(content)
    if not table.header:
        raise ValueError(_("The file is empty."))
    columns = {}
    for index, header in enumerate(table.header):
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
    return columns, [(line, cells) for line, cells, _problem in table.rows]


def _queue(petition, content, *, file_name, user):
    """A queued batch holding the decoded file, once its columns are checked."""
    text = tables.text_of(content)
    _columns, rows = read_rows(text)
    return PaperBatch.objects.create(
        petition=petition,
        file_name=file_name[:255],
        imported_by=user,
        status=PaperBatch.Status.QUEUED,
        total_rows=len(rows),
        content=text,
    )


def start_import(petition, content, *, file_name, user=None):
    """Check the file's columns now (a wrong file is refused at once, ValueError),
    then import it in a background task. Returns the batch, whose page shows the
    progress."""
    from rostra_petitions import tasks

    with transaction.atomic():
        batch = _queue(petition, content, file_name=file_name, user=user)
        with_commit(lambda: tasks.import_paper.enqueue(batch.pk))
    return batch


def import_file(petition, content, *, file_name, user=None, progress=None):
    """Import at once (the management command, tests): (batch, report)."""
    batch = _queue(petition, content, file_name=file_name, user=user)
    return batch, run(batch.pk, progress=progress)


def _progress_key(batch_id):
    return f"petitions:paper-progress:{batch_id}"


def progress(batch):
    """(rows done, total rows) of an import; read by the batch's admin page while
    the import's own transaction, not yet committed, holds the rows."""
    if not batch.running:
        return batch.total_rows, batch.total_rows
    return cache.get(_progress_key(batch.pk), 0), batch.total_rows


def run(batch_id, *, progress=None):
    """Import a queued batch in one transaction: all its rows or none (a failure
    leaves nothing half imported). Progress goes to the cache every few rows.

    Run again (its worker died), a batch already imported or failed is left as
    it is and its stored report returned; two runs at once import it once (the
    batch's row is locked while its rows are imported)."""
    batch = PaperBatch.objects.select_related("petition").get(pk=batch_id)
    if not batch.running:
        return _stored_report(batch)
    petition = batch.petition.specific
    PaperBatch.objects.filter(pk=batch.pk, status=PaperBatch.Status.QUEUED).update(
        status=PaperBatch.Status.RUNNING
    )
    report = ImportReport()
    try:
        columns, rows = read_rows(batch.content)
        now = timezone.now()
        with transaction.atomic():
            locked = PaperBatch.objects.select_for_update().get(pk=batch.pk)
            if not locked.running:  # another run imported it meanwhile
                return _stored_report(locked)
            for done, (line, row) in enumerate(rows, start=1):
                if done % 50 == 0 or done == len(rows):
                    cache.set(_progress_key(batch.pk), done, 3600)
                    if progress:
                        progress(done, len(rows))
                reason = _import_row(petition, batch, _Row(row, columns), now)
                if reason:
                    report.skipped.append((line, reason))
                else:
                    report.imported += 1
            PaperBatch.objects.filter(pk=batch.pk).update(
                imported=report.imported,
                skipped=len(report.skipped),
                report=[[line, str(reason)] for line, reason in report.skipped[:1000]],
                status=PaperBatch.Status.DONE,
                content="",
                imported_at=timezone.now(),
            )
            counting.schedule()
    except Exception as error:
        PaperBatch.objects.filter(pk=batch.pk).update(
            status=PaperBatch.Status.FAILED, error=str(error)[:2000], content=""
        )
        raise
    finally:
        cache.delete(_progress_key(batch.pk))
    if progress:
        progress(len(rows), len(rows))
    return report


def _stored_report(batch):
    return ImportReport(
        imported=batch.imported, skipped=[(line, reason) for line, reason in batch.report]
    )


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
    if country not in countries.OFFERED:
        country = countries.ANOTHER
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
                petition_id=petition.counted_petition_id,
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
