"""Storing a results file: all or nothing, line-numbered errors, idempotent."""

import io

import pytest
from django.core.management import CommandError, call_command
from rostra import polling_stations

from rostra_targeting import official_files
from rostra_targeting.models import CandidateResult, Election, PollingStation, StationResult
from rostra_targeting.results import importer
from rostra_targeting.tests.conftest import figures


def _store(election, data):
    reading = importer.read(io.BytesIO(data))
    assert reading.errors == []
    return importer.store(election, reading)


def _snapshot():
    return sorted(
        CandidateResult.objects.values_list(
            "pk", "result__election_id", "result__station__code", "result__cast", "panel", "votes"
        )
    )


def test_a_file_is_stored_with_its_stations_results_and_candidates(election):
    summary = _store(election, official_files.write_legacy(figures()))
    assert summary["new_stations"] == 4 and summary["new_results"] == 4
    assert PollingStation.objects.count() == 4
    result = StationResult.objects.get(station__code="97101_0003")
    assert (result.registered, result.voters, result.cast, result.abstentions) == (
        700,
        280,
        275,
        420,
    )
    assert sorted(result.candidates.values_list("nuance", "votes")) == [("DVD", 100), ("DVG", 175)]


def test_importing_the_same_file_again_changes_nothing(election):
    data = official_files.write_numbered(figures())
    _store(election, data)
    before = _snapshot()
    summary = _store(election, data)
    assert summary["unchanged_results"] == 4 and summary["new_results"] == 0
    assert summary["replaced_results"] == 0
    assert _snapshot() == before  # same rows, same ids


def test_a_corrected_file_replaces_only_the_stations_that_changed(election):
    _store(election, official_files.write_legacy(figures()))
    untouched = StationResult.objects.get(station__code="97101_0003").pk
    summary = _store(election, official_files.write_legacy(figures(shift=5)))
    assert (summary["replaced_results"], summary["unchanged_results"]) == (3, 1)
    assert StationResult.objects.get(station__code="97101_0003").pk == untouched
    assert CandidateResult.objects.get(result__station__code="69383_0101", panel=1).votes == 255


def test_the_same_stations_at_another_election_are_shared(election, election_2024):
    _store(election, official_files.write_legacy(figures()))
    summary = _store(election_2024, official_files.write_numbered(figures(shift=5)))
    assert summary["new_stations"] == 0 and summary["new_results"] == 4
    assert PollingStation.objects.count() == 4 and StationResult.objects.count() == 8


def test_a_malformed_file_gives_line_numbered_errors_and_stores_nothing(election):
    header, rows = official_files.legacy_rows(figures())
    rows[1][7] = "huit cents"  # Inscrits, line 3
    rows[2][11 + 0] = rows[2][11]  # harmless
    rows[3][-3] = "1000"  # a candidate's votes no longer add up, line 5
    rows.append(list(rows[0]))  # the first station again, line 6
    reading = importer.read(io.BytesIO(official_files.to_csv(header, rows)))
    assert [(error["line"], error["message"]) for error in reading.errors] == [
        (3, "Inscrits is not a whole number: 'huit cents'"),
        (5, "the candidates' votes add up to 1175, not to the 275 votes cast"),
        (6, "polling station 69383_0101 is already on line 2"),
    ]
    assert PollingStation.objects.count() == 0 and StationResult.objects.count() == 0


def test_a_line_in_another_encoding_is_named(election):
    data = official_files.write_legacy(figures(), encoding="utf-8")
    lines = data.split(b"\n")
    lines[3] = lines[3].replace("Ambérieu".encode(), "Ambérieu".encode("latin-1"))
    reading = importer.read(io.BytesIO(b"\n".join(lines)))
    assert [error["line"] for error in reading.errors] == [4]


def test_the_command_imports_with_a_progress_bar(db, tmp_path):
    path = tmp_path / "resultats-par-niveau-burvot-t1.txt"
    path.write_bytes(official_files.write_legacy(figures()))
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_results", str(path), "--election", "legislatives-2022-1", stdout=out, stderr=err
    )
    assert "100% 4/4 rows" in err.getvalue()
    assert "new_results: 4" in out.getvalue()
    election = Election.objects.get(kind="legislatives", year=2022, round=1)
    assert election.results.count() == 4
    out = io.StringIO()
    call_command(
        "import_results",
        str(path),
        "--election",
        "legislatives-2022-1",
        "--dry-run",
        "--quiet-progress",
        stdout=out,
    )
    assert "unchanged_results: 4" in out.getvalue()


def test_the_command_refuses_a_bad_file_and_imports_nothing(db, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(b"email;name\na@example.org;A\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command(
            "import_results",
            str(path),
            "--election",
            "europeennes-2024-1",
            "--quiet-progress",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "line 1: This is not a results file" in err.getvalue()
    assert not Election.objects.exists()


def test_the_stations_are_offered_to_other_plugins(election):
    from rostra.people.models import Constituency

    _store(election, official_files.write_legacy(figures()))
    area = Constituency.objects.create(code="69-01", name="Rhône 1")
    area.areas.create(code="69383")
    listed = polling_stations.listed(commune_codes=["69383", "01004"])
    assert [s.code for s in listed] == ["01004_0001", "69383_0101", "69383_0102"]
    assert [s.code for s in polling_stations.listed(constituency="69-01")] == [
        "69383_0101",
        "69383_0102",
    ]
    assert listed[1].constituency == "69-01" and listed[1].registered_voters == 1000


def test_a_large_import_refreshes_the_planner_statistics(election, monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("statistics are PostgreSQL's")
    monkeypatch.setattr(importer, "ANALYZE_FROM", 1)
    _store(election, official_files.write_numbered(figures()))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s", ["targeting_candidateresult"]
        )
        assert cursor.fetchone()[0] == CandidateResult.objects.count()
