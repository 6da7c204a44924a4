"""Counting: deltas folded exactly once, pause, recount, thresholds, invalidation,
paper signatures (SQLite and PostgreSQL)."""

import pytest
from django.core import mail

from rostra_petitions import counting, invalidation, paper
from rostra_petitions.models import (
    CountDelta,
    Invalidation,
    PetitionState,
    Signature,
    TerritoryCount,
    ThresholdCrossing,
)
from rostra_petitions.tests.conftest import confirm_link, last_mail_to, sign

pytestmark = pytest.mark.django_db


def signed_and_confirmed(client, petition, n, start=0, postcode="69003"):
    for index in range(start, start + n):
        address = f"signer{index}@example.org"
        sign(client, petition, email=address, postcode=postcode)
        url, _id, _token = confirm_link(last_mail_to(address))
        client.post(url)


def test_folding_twice_counts_once(client, petition):
    signed_and_confirmed(client, petition, 3)
    counting.fold()
    counting.fold()
    state = PetitionState.objects.get(petition=petition)
    assert state.online_count == 3 and state.paper_count == 0
    assert not CountDelta.objects.exists()
    assert TerritoryCount.objects.get(petition=petition, kind="departement", code="69").count == 3


def test_a_paused_counter_waits_and_catches_up(client, petition):
    PetitionState.for_petition(petition)
    PetitionState.objects.filter(petition=petition).update(counting_paused=True)
    signed_and_confirmed(client, petition, 2)
    counting.fold()
    assert PetitionState.objects.get(petition=petition).online_count == 0
    PetitionState.objects.filter(petition=petition).update(counting_paused=False)
    counting.fold()
    assert PetitionState.objects.get(petition=petition).online_count == 2


def test_recount_repairs_and_reports_drift(client, petition):
    signed_and_confirmed(client, petition, 2)
    counting.fold()
    PetitionState.objects.filter(petition=petition).update(online_count=7)
    TerritoryCount.objects.filter(petition=petition).update(count=40)
    drifts = counting.recount()
    assert [(d.petition_id, d.online) for d in drifts] == [(petition.pk, 5)]
    state = PetitionState.objects.get(petition=petition)
    assert state.online_count == 2 and state.last_drift == 5
    assert TerritoryCount.objects.get(petition=petition, kind="departement").count == 2
    assert counting.recount() == []


def test_recount_leaves_unfolded_deltas_to_the_aggregator(client, petition):
    signed_and_confirmed(client, petition, 2)
    assert counting.recount() == []  # 0 counted + 2 waiting == 2 confirmed
    counting.fold()
    assert PetitionState.objects.get(petition=petition).online_count == 2


def test_thresholds_trigger_alert_and_untrigger(
    client, petition, django_capture_on_commit_callbacks
):
    signed_and_confirmed(client, petition, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the alert is sent after commit
        counting.fold()
    crossing = ThresholdCrossing.objects.get(petition=petition, threshold=2)
    assert crossing.active and crossing.alerted_at is not None
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["equipe@example.org"], "Sauvons les petites lignes a atteint 2 signatures")
    ]
    page = client.get(petition.url).content.decode()
    assert "Déjà deux signatures" in page
    record = Invalidation.objects.create(criteria={"email": "signer0@example.org"}, summary="t")
    invalidation.run(record.pk)
    counting.fold()
    crossing.refresh_from_db()
    assert not crossing.active
    assert "Déjà deux signatures" not in client.get(petition.url).content.decode()


def test_invalidation_previews_then_removes_confirmed_signatures_from_the_count(client, petition):
    signed_and_confirmed(client, petition, 3)
    sign(client, petition, email="pending@example.org")
    counting.fold()
    preview = invalidation.preview({"petition": petition.pk, "domain": "example.org"})
    assert preview["total"] == 4 and preview["by_state"] == {"validated": 3, "pending": 1}
    record = Invalidation.objects.create(
        criteria={"petition": petition.pk, "domain": "example.org"}, summary="all"
    )
    assert invalidation.run(record.pk) == {"matched": 4, "uncounted": 3}
    counting.fold()
    assert PetitionState.objects.get(petition=petition).online_count == 0
    assert TerritoryCount.objects.get(petition=petition, kind="departement").count == 0
    assert invalidation.preview({"domain": "example.org"})["total"] == 0


def test_no_criterion_matches_nothing():
    assert invalidation.preview({})["total"] == 0


def test_paper_signatures_are_counted_apart(client, petition):
    signed_and_confirmed(client, petition, 1)
    content = (
        "prénom;nom;code postal;email\n"
        "Léa;Martin;13001;lea@example.org\n"
        "Hugo;Bernard;75011;\n"
        "Sans;Code;;\n"
        "Dou;Blon;69003;signer0@example.org\n"
    ).encode("latin-1")
    batch, report = paper.import_file(petition, content, file_name="papier.csv")
    assert report.imported == 2
    assert [line for line, _reason in report.skipped] == [4, 5]
    counting.fold()
    count = counting.public_count(petition)
    assert (count["online"], count["paper"], count["total"]) == (1, 2, 3)
    assert Signature.objects.filter(source="paper", state="validated").count() == 2


def test_a_paper_file_without_the_needed_columns_is_refused(petition):
    with pytest.raises(ValueError, match="Missing columns|Colonnes"):
        paper.import_file(petition, b"foo,bar\n1,2\n", file_name="x.csv")


def test_a_change_after_a_run_started_gets_a_run_of_its_own(
    client, petition, monkeypatch, django_capture_on_commit_callbacks
):
    """The last confirmations of a burst must not wait for another signature (or
    for count.json's heal) to be counted."""
    runs = []
    monkeypatch.setattr(counting, "_enqueue_fold", runs.append)

    def confirmed(index):
        with django_capture_on_commit_callbacks(execute=True):
            signed_and_confirmed(client, petition, 1, start=index)

    confirmed(0)
    assert len(runs) == 1
    confirmed(1)
    assert len(runs) == 1  # the pending run will fold it too
    counting.fold()
    confirmed(2)
    assert len(runs) == 2
    counting.fold()
    assert PetitionState.objects.get(petition=petition).online_count == 3


def test_a_french_excel_paper_file_keeps_its_accents_and_line_numbers(petition):
    # "CSV (séparateur : point-virgule)" from a French Excel: Windows-1252, CRLF,
    # a blank row, and a quoted cell over two lines.
    content = (
        "Prénom;Nom;Code postal;Pays\r\n"
        "Mélanie;Lefèvre;13001;France\r\n"
        "\r\n"
        '"Zoé";"Œuvrard\r\nDubœuf";75011;\r\n'
        "Gaëtan;Sans Code;;\r\n"
    ).encode("cp1252")
    _batch, report = paper.import_file(petition, content, file_name="papier.csv")
    assert report.imported == 2
    assert [line for line, _reason in report.skipped] == [6]
    names = sorted(Signature.objects.filter(source="paper").values_list("first_name", "last_name"))
    assert names == [("Mélanie", "Lefèvre"), ("Zoé", "Œuvrard Dubœuf")]
