"""Both of the Ministry's layouts are read into the same rows; other files are refused."""

import io

import pytest

from rostra_targeting import official_files
from rostra_targeting.results import importer, layouts
from rostra_targeting.tests.conftest import figures


def _read(data):
    return importer.read(io.BytesIO(data))


def _shape(reading):
    return [
        (
            row.code,
            row.registered,
            row.voters,
            row.cast,
            [(c.panel, c.nuance, c.votes) for c in row.candidates],
        )
        for row in reading.rows
    ]


@pytest.mark.parametrize("named_groups", [1, 3])
def test_the_2017_2022_layout_is_read_group_by_group(named_groups):
    reading = _read(official_files.write_legacy(figures(), named_groups=named_groups))
    assert reading.errors == []
    assert reading.layout == layouts.LEGACY
    first = reading.rows[0]
    assert first.code == "69383_0101" and first.line == 2
    assert (first.registered, first.voters, first.blank, first.null, first.cast) == (
        1000,
        600,
        3,
        2,
        595,
    )
    assert [(c.panel, c.name, c.nuance, c.votes) for c in first.candidates] == [
        (1, "Alice DURAND", "FI", 250),
        (2, "Paul MARTIN", "ENS", 200),
        (3, "Chloé PETIT", "RN", 145),
    ]
    # The Ministry writes the commune relative to its département, overseas as letters.
    assert [row.code for row in reading.rows] == [
        "69383_0101",
        "69383_0102",
        "01004_0001",
        "97101_0003",
    ]


def test_the_2024_layout_gives_the_same_rows_as_the_older_one():
    legacy = _read(official_files.write_legacy(figures()))
    numbered = _read(official_files.write_numbered(figures()))
    assert numbered.layout == layouts.NUMBERED and numbered.errors == []
    assert _shape(numbered) == _shape(legacy)


def test_latin_1_utf_8_and_xlsx_read_alike():
    latin = _read(official_files.write_legacy(figures(), encoding="latin-1"))
    utf8 = _read(official_files.write_legacy(figures(), encoding="utf-8"))
    xlsx = _read(official_files.to_xlsx(*official_files.numbered_rows(figures())))
    assert _shape(latin) == _shape(utf8) == _shape(xlsx)
    assert latin.rows[2].commune_name == "Ambérieu-en-Bugey"


def test_a_presidential_file_without_nuances_uses_the_surname():
    header = list(official_files.LEGACY_STATION) + [
        "N°Panneau",
        "Sexe",
        "Nom",
        "Prénom",
        "Voix",
        "% Voix/Ins",
        "% Voix/Exp",
    ]
    row = [
        "69",
        "Rhône",
        "",
        "",
        "383",
        "Lyon 3e",
        "0101",
        "100",
        "40",
        "40,00",
        "60",
        "60,00",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "60",
        "60",
        "100",
        "1",
        "M",
        "MÉLENCHON",
        "Jean-Luc",
        "35",
        "35",
        "58",
        "2",
        "M",
        "MACRON",
        "Emmanuel",
        "25",
        "25",
        "42",
    ]
    reading = _read(official_files.to_csv(header, [row], encoding="latin-1"))
    assert reading.errors == []
    assert [c.nuance for c in reading.rows[0].candidates] == ["MÉLENCHON", "MACRON"]


def test_a_list_file_names_the_list():
    header = official_files.LEGACY_STATION + [
        "N°Liste",
        "Libellé Abrégé Liste",
        "Libellé Etendu Liste",
        "Nom Tête de Liste",
        "Voix",
        "% Voix/Ins",
        "% Voix/Exp",
    ]
    row = [
        "01",
        "Ain",
        "",
        "",
        "004",
        "Ambérieu",
        "1",
        "50",
        "20",
        "0",
        "30",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "30",
        "0",
        "0",
        "1",
        "LISTE A",
        "La liste A",
        "DUPONT",
        "30",
        "60",
        "100",
    ]
    reading = _read(official_files.to_csv(header, [row]))
    assert reading.errors == []
    candidate = reading.rows[0].candidates[0]
    assert (candidate.name, candidate.nuance, candidate.votes) == ("LISTE A", "DUPONT", 30)
    assert reading.rows[0].code == "01004_0001"


def test_a_file_by_commune_is_recognised_and_refused():
    header = [
        "Code du département",
        "Code de la commune",
        "Libellé de la commune",
        "Inscrits",
        "Votants",
        "Exprimés",
        "N°Panneau",
        "Nom",
        "Voix",
    ]
    reading = _read(
        official_files.to_csv(header, [["01", "004", "A", "1", "1", "1", "1", "X", "1"]])
    )
    assert reading.rows == []
    assert reading.errors[0]["line"] == 1
    assert "by commune, not by polling station" in reading.errors[0]["message"]


def test_any_other_file_is_refused_with_its_columns():
    reading = _read(b"email;first_name\nalice@example.org;Alice\n")
    assert "not a results file by polling station" in reading.errors[0]["message"]
    assert "email, first_name" in reading.errors[0]["message"]


def test_a_numbered_file_missing_a_station_column_says_which():
    header, rows = official_files.numbered_rows(figures())
    drop = header.index("Inscrits")
    header = header[:drop] + header[drop + 1 :]
    rows = [row[:drop] + row[drop + 1 :] for row in rows]
    reading = _read(official_files.to_csv(header, rows))
    assert "“inscrits” are missing for the 2024 layout" in reading.errors[0]["message"]
