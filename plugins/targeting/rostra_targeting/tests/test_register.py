"""INSEE's register of polling stations and addresses (table-adresses-reu.csv),
read from a small file in the layout data.gouv.fr ships."""

import io

import pytest
from django.core.management import CommandError, call_command

from rostra_targeting import register
from rostra_targeting.models import RegisterAddress

HEADER = (
    "code_commune_ref,reconstitution_code_commune,id_brut_bv_reu,id,geo_adresse,geo_type,"
    "geo_score,longitude,latitude,api_line,nb_bv_commune,nb_adresses"
)
ROWS = [
    "69383,,69383_101,69383_101_1,12 Rue Paul Bert 69003 Lyon,housenumber,0.97,4.85,45.76,"
    "12 RUE PAUL BERT,52,3",
    "69383,,69383_101,69383_101_2,3 bis Rue Paul Bert 69003 Lyon,housenumber,0.95,4.85,45.76,"
    "3 B RUE PAUL BERT,52,1",
    "69383,,69383_102,69383_102_1,Rue Garibaldi 69003 Lyon,street,0.81,4.85,45.76,"
    "RUE GARIBALDI,52,2",
    "2A004,,2A004_1,2A004_1_1,5 Cours Napoléon 20000 Ajaccio,housenumber,0.9,8.73,41.92,"
    "5 COURS NAPOLEON,12,4",
]


def _file(rows=ROWS, header=HEADER):
    return io.BytesIO("\n".join([header, *rows]).encode())


def test_the_register_is_read_and_stored_by_station(db):
    steps = []
    reading = register.read(_file(), progress=lambda done, total: steps.append((done, total)))
    assert reading.errors == [] and steps[-1] == (4, 4)
    assert register.compare(reading) == {
        "communes": 2,
        "stations": 3,
        "addresses": 4,
        "voters": 10,
        "replaced_addresses": 0,
    }
    register.store(reading)
    stored = list(
        RegisterAddress.objects.order_by("station_code", "house_number").values_list(
            "station_code", "street", "house_number", "voters"
        )
    )
    assert stored == [
        ("2A004_0001", "Cours Napoléon", "5", 4),
        ("69383_0101", "Rue Paul Bert", "12", 3),
        ("69383_0101", "Rue Paul Bert", "3 bis", 1),
        ("69383_0102", "Rue Garibaldi", "", 2),
    ]
    # The same file again: the preview says it replaces what it holds, and the rows stay the same.
    again = register.read(_file())
    assert register.compare(again)["replaced_addresses"] == 4
    register.store(again)
    assert (
        list(
            RegisterAddress.objects.order_by("station_code", "house_number").values_list(
                "station_code", "street", "house_number", "voters"
            )
        )
        == stored
    )


def test_bad_rows_are_named_by_line_and_nothing_is_stored(db):
    rows = [
        *ROWS,
        "6938,,6938_1,x,1 Rue A 69003 Lyon,housenumber,0.9,0,0,,1,1",
        "69383,,,x,1 Rue A 69003 Lyon,housenumber,0.9,0,0,,1,1",
        "69383,,69383_101,x,1 Rue A 69003 Lyon,housenumber,0.9,0,0,,1,zero",
    ]
    reading = register.read(_file(rows))
    assert [error["line"] for error in reading.errors] == [6, 7, 8]
    assert "INSEE commune code" in reading.errors[0]["message"]
    with pytest.raises(CommandError):
        call_command("import_register", _write(rows), quiet_progress=True)
    assert not RegisterAddress.objects.exists()


def test_a_file_of_another_kind_is_refused(db):
    reading = register.read(_file(["69383;12;Rue"], header="commune;numero;voie"))
    assert reading.rows == [] and reading.errors[0]["line"] == 1
    assert "table-adresses-reu.csv" in reading.errors[0]["message"]


def test_the_command_previews_then_imports(db, capsys):
    path = _write(ROWS)
    call_command("import_register", path, dry_run=True, quiet_progress=True)
    assert "addresses: 4" in capsys.readouterr().out
    assert not RegisterAddress.objects.exists()
    call_command("import_register", path, quiet_progress=True)
    assert RegisterAddress.objects.count() == 4


def _write(rows):
    import tempfile

    handle = tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False)  # noqa: SIM115
    handle.write(_file(rows).getvalue())
    handle.close()
    return handle.name
