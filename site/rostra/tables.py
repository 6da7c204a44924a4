"""Uploaded tables (CSV or XLSX) to rows: the one reader of every import
(people, paper signatures, constituencies, candidate sites).

The file's format, encoding and delimiter are recognised, and each row comes
with its line number in the file, for reports. CSV files are read line by line
(never whole: a million rows stay in a few megabytes). A file is UTF-8, with or
without a BOM, unless it has bytes that are not (then it is Windows-1252, what
Excel saves in France); a UTF-8 file with a few lines in another encoding gets
those lines marked (problem "encoding"), not garbled. The delimiter is the one
of ``; , tab`` the header line has most of (French Excel writes semicolons).

Why not tablib and charset-normalizer: docs/people.md ("Reading the file: why our own reader").
"""

import codecs
import csv
import io
from dataclasses import dataclass, field

_SAMPLE = 1 << 20


@dataclass
class Table:
    header: list
    rows: object  # iterator of (line number, [values], problem or "")
    encoding: str = ""
    delimiter: str = ""
    format: str = "csv"
    notes: list = field(default_factory=list)


def open_table(handle):
    """A Table from a binary file object (positioned at its start)."""
    start = handle.read(4)
    handle.seek(0)
    if start.startswith(b"PK\x03\x04"):
        return _xlsx(handle)
    return _csv(handle)


def count_rows(handle):
    """Data rows in a file, cheaply (for progress bars); the handle is rewound."""
    start = handle.read(4)
    handle.seek(0)
    if start.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook

        sheet = load_workbook(handle, read_only=True).active
        total = max((sheet.max_row or 1) - 1, 0)
    else:
        total = max(sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(_SAMPLE), b"")), 1)
        handle.seek(-1, io.SEEK_END)
        if handle.read(1) != b"\n":
            total += 1
        total -= 1
    handle.seek(0)
    return total


def _decodes(handle, encoding):
    """Whether the whole file decodes (read in blocks: fast, little memory)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for block in iter(lambda: handle.read(_SAMPLE), b""):
            decoder.decode(block)
        decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False
    finally:
        handle.seek(0)


def _encoding_of(handle):
    """(encoding, clean): UTF-8 unless some line is not UTF-8 and none with
    accents is (then Windows-1252); clean when every line decodes."""
    if _decodes(handle, "utf-8"):
        return "utf-8", True
    decoder_ok = bad = 0
    for raw in handle:
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
            decoder_ok += 1
        except UnicodeDecodeError:
            bad += 1
        if decoder_ok > 50 or (bad > 50 and not decoder_ok):
            break
    handle.seek(0)
    if bad and not decoder_ok:
        return "cp1252", _decodes(handle, "cp1252")
    return "utf-8", False


def _csv(handle):
    encoding, clean = _encoding_of(handle)
    if clean:
        return _clean_csv(handle, encoding)
    bad_lines = set()

    def lines():
        first = True
        for number, raw in enumerate(handle, start=1):
            if first:
                raw = raw.removeprefix(codecs.BOM_UTF8)
                first = False
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                bad_lines.add(number)
                text = raw.decode(encoding, errors="replace")
            yield text

    text_lines = lines()
    header_line = next(text_lines, "")
    delimiter = max(";,\t", key=header_line.count) if header_line else ","
    reader = csv.reader(text_lines, delimiter=delimiter)
    header = next(csv.reader([header_line], delimiter=delimiter), [])

    def rows():
        previous = 1
        for values in reader:
            last = reader.line_num + 1  # the reader counts from the line after the header
            problem = ""
            if any(number in bad_lines for number in range(previous + 1, last + 1)):
                problem = "encoding"
            previous = last
            if not any(values):
                continue
            yield last, values, problem

    return Table(header=header, rows=rows(), encoding=encoding, delimiter=delimiter)


def _clean_csv(handle, encoding):
    """Every line decodes: the csv module reads the decoded stream directly."""
    text = io.TextIOWrapper(
        handle, encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline=""
    )
    header_line = text.readline()
    delimiter = max(";,\t", key=header_line.count) if header_line else ","
    header = next(csv.reader([header_line], delimiter=delimiter), [])
    reader = csv.reader(text, delimiter=delimiter)

    def rows():
        for values in reader:
            if any(values):
                yield reader.line_num + 1, values, ""

    return Table(header=header, rows=rows(), encoding=encoding, delimiter=delimiter)


def _xlsx(handle):
    from openpyxl import load_workbook

    sheet = load_workbook(handle, read_only=True, data_only=True).active
    values = sheet.iter_rows(values_only=True)
    header = [str(cell or "") for cell in next(values, ())]

    def rows():
        for number, row in enumerate(values, start=2):
            cells = ["" if cell is None else _cell_text(cell) for cell in row]
            if any(cells):
                yield number, cells, ""

    return Table(header=header, rows=rows(), format="xlsx")


def read_bytes(data):
    """A Table from a whole file's bytes (or text already decoded)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return open_table(io.BytesIO(data))


def text_of(data):
    """A CSV file's text, decoded by the same rule as ``open_table``; a line in
    another encoding than the rest gets replacement characters."""
    if isinstance(data, str):
        return data
    encoding, _clean = _encoding_of(io.BytesIO(data))
    return data.decode("utf-8-sig" if encoding == "utf-8" else encoding, errors="replace")


def _cell_text(cell):
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # postcodes and phone numbers typed as numbers
    return str(cell)
