"""The headers of real files name the right fields, however they are typed,
and the table in docs/people.md is the code's."""

import subprocess
import sys
from pathlib import Path

import pytest

from rostra.people.importing import columns

ROOT = Path(__file__).resolve().parents[4]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        (name, field)
        for field, by in columns.HEADERS.items()
        for names in by.values()
        for name in names
    ],
)
def test_every_header_of_the_table_finds_its_field(header, field):
    mapping, unknown = columns.map_header(["something else", header])
    assert mapping == {1: field} and unknown == ["something else"]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Téléphone portable", "mobile_phone"),
        ("TÉLÉPHONE PORTABLE", "mobile_phone"),
        ("telephone-portable", "mobile_phone"),
        ("Tél portable", "mobile_phone"),
        ("N° de portable", "mobile_phone"),
        ("Numéro de portable", "mobile_phone"),
        ("  gsm ", "mobile_phone"),
        ("N° de tél.", "phone"),
        ("Code  Postal", "postcode"),
        ("code_postal", "postcode"),
        ("E-MAIL", "email"),
        ("Adresse E-mail", "email"),
        ("Complément d’adresse", "address_line2"),  # typographic apostrophe
        ("PRÉNOM", "first_name"),
        ("Email Address", "email"),
        ("can2_phone", "phone"),
        ("No Bulk Emails (User Opt Out)", "email_unsubscribed"),
    ],
)
def test_case_accents_punctuation_and_fillers_do_not_matter(header, field):
    assert columns.map_header([header])[0] == {0: field}


def test_no_header_names_two_fields():
    fields = {}
    for field, by in columns.HEADERS.items():
        for names in by.values():
            for name in names:
                fields.setdefault(columns.simplify(name), set()).add(field)
    assert {name: found for name, found in fields.items() if len(found) > 1} == {}


def test_a_second_column_for_a_field_is_ignored_unless_several_may_hold_it():
    mapping, unknown = columns.map_header(
        ["email", "email1", "phone_number", "work_phone_number", "Do Not Email", "UNSUB_TIME"]
    )
    assert mapping == {
        0: "email",
        2: "phone",
        3: "phone",
        4: "email_unsubscribed",
        5: "email_unsubscribed",
    }
    assert unknown == ["email1"]


def test_the_docs_show_the_codes_table():
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts/people-import-columns"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert columns.markdown_table() in (ROOT / "docs/people.md").read_text(encoding="utf-8")
