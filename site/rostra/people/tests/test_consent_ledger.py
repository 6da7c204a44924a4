import pytest
from django.db import DatabaseError, connection, transaction

from rostra.people import api
from rostra.people.models import Consent, ConsentLedgerError


@pytest.fixture
def consent(db):
    person, _ = api.find_or_create(email="a@example.org")
    return api.record_consent(
        person, purpose="newsletter", granted=True, wording="Send me news", where_detail="/appel/"
    )


def test_the_orm_refuses_to_edit_or_delete_a_consent_row(consent):
    consent.granted = False
    with pytest.raises(ConsentLedgerError):
        consent.save()
    with pytest.raises(ConsentLedgerError):
        Consent.objects.filter(pk=consent.pk).update(granted=False)
    with pytest.raises(ConsentLedgerError):
        Consent.objects.filter(pk=consent.pk).delete()


def test_even_raw_sql_cannot_edit_a_consent_row(consent):
    for statement in (
        "UPDATE people_consent SET granted = %s WHERE id = %s",
        "UPDATE people_consent SET wording = 'I agreed to everything' WHERE id = %s",
        "UPDATE people_consent SET ip_hash = 'forged' WHERE id = %s",
    ):
        params = [False, consent.pk] if "%s WHERE" in statement else [consent.pk]
        with (
            pytest.raises(DatabaseError, match="never edited"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, params)
    consent.refresh_from_db()
    assert consent.granted and consent.wording == "Send me news"


@pytest.mark.postgres
def test_raw_sql_cannot_delete_a_consent_row_on_postgresql(consent):
    with (
        pytest.raises(DatabaseError, match="never deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM people_consent WHERE id = %s", [consent.pk])
    assert Consent.objects.filter(pk=consent.pk).exists()


def test_erasure_may_only_blank_the_evidence(consent):
    Consent.objects.filter(pk=consent.pk).blank_evidence()
    consent.refresh_from_db()
    assert (consent.where_detail, consent.granted) == ("", True)
