"""Two rows of one file for the same person are merged, never rejected: in one
chunk (merged before writing: PostgreSQL's COPY, SQLite's bulk inserts, the
row-by-row path) or in two (the later row updates who the earlier one
created), in the preview as in the import."""

import io

import pytest
from django.utils import translation

from rostra.people import api
from rostra.people.importing import engine
from rostra.people.models import Consent, Person, PersonEmail

pytestmark = pytest.mark.django_db

FILE = (
    "email,email2,first_name,last_name,mobile_number,phone_number,primary_zip,primary_city,"
    "tag_list,email_opt_in,do_not_call\n"
    # line 2: the first row of Jean
    "jean.dupont@gmail.com,,Jean,Dupont,06 12 34 56 78,,69001,Lyon,lyon,false,false\n"
    # line 3: someone else
    "marie@example.org,,Marie,Curie,,,75011,Paris,,false,false\n"
    # line 4: Jean again, as Gmail also delivers it, with what the first row lacked
    "Jean.Dupont+asso@googlemail.com,jd@work.example,,,,04 78 12 34 56,69003,Lyon,"
    "bénévole,true,true\n"
    # line 5: Jean through his work address only
    "JD@work.example,,Jean-Pierre,,,,,,,,\n"
)


def run(content=FILE, **options):
    options.setdefault("source_label", "fichier.csv")
    with translation.override("en"):
        return engine.run(io.BytesIO(content.encode()), engine.Options(**options))


def report(summary):
    return {o.line: (o.action, list(o.notes)) for o in summary.outcomes}


# chunk_size=1: each row is its own chunk, the later rows meet Jean in the database.
@pytest.mark.parametrize("chunk_size", [5000, 1], ids=["one-chunk", "chunk-per-row"])
@pytest.mark.parametrize("bulk", [True, False], ids=["bulk", "row-by-row"])
def test_rows_of_one_person_are_merged_by_the_usual_rules(bulk, chunk_size):
    summary = run(bulk=bulk, chunk_size=chunk_size, consent_wording="Lettre d'info")
    assert summary.counts["create"] == 2 and summary.counts["merge"] == 2
    assert not summary.counts["reject"]
    assert report(summary)[4] == ("merge", ["merged with line 2"])
    assert report(summary)[5] == ("merge", ["merged with line 2"])
    assert Person.objects.count() == 2
    jean = api.find("jean.dupont@gmail.com")
    assert api.find("jd@work.example") == jean
    assert jean.email == "jean.dupont@gmail.com"  # the first row's address stays the main one
    # Blank cells erase nothing; a different value replaces (the later row is newer).
    assert (jean.first_name, jean.last_name) == ("Jean-Pierre", "Dupont")
    assert (jean.mobile_phone, jean.phone) == ("+33612345678", "+33478123456")
    assert (jean.postcode, jean.commune_code) == ("69003", "69123")
    assert jean.do_not_call  # flags are only ever set
    assert set(jean.tags.names()) == {"lyon", "bénévole"}
    # One "no" and one "yes": the opt-in is recorded, once.
    consent = Consent.objects.get(person=jean)
    assert (consent.purpose, consent.granted, consent.wording) == (
        "newsletter",
        True,
        "Lettre d'info",
    )
    assert [summary.outcomes[i].person_id for i in (2, 3)] == [jean.pk, jean.pk]


@pytest.mark.parametrize("chunk_size", [5000, 1], ids=["one-chunk", "chunk-per-row"])
def test_the_preview_announces_the_merges_and_writes_nothing(chunk_size):
    summary = run(dry_run=True, chunk_size=chunk_size)
    assert summary.counts == {"create": 2, "update": 0, "unchanged": 0, "merge": 2, "reject": 0}
    assert report(summary)[4] == ("merge", ["merged with line 2"])
    assert not Person.objects.exists()


@pytest.mark.parametrize("chunk_size", [5000, 1], ids=["one-chunk", "chunk-per-row"])
def test_a_person_already_known_is_updated_by_both_rows(chunk_size):
    known, _ = api.find_or_create(email="jeandupont@gmail.com", first_name="J.")
    summary = run(chunk_size=chunk_size)
    assert report(summary)[2][0] == "update"
    assert report(summary)[4] == ("merge", ["merged with line 2"])
    known.refresh_from_db()
    assert (known.first_name, known.phone, Person.objects.count()) == (
        "Jean-Pierre",
        "+33478123456",
        2,
    )
    assert set(PersonEmail.objects.values_list("email_canonical", flat=True)) == {"jd@work.example"}


@pytest.mark.parametrize("chunk_size", [5000, 1], ids=["one-chunk", "chunk-per-row"])
def test_a_later_row_found_through_another_address_keeps_both(chunk_size):
    content = (
        "email,email2,first_name\n"
        "anne@example.org,,Anne\n"
        "anne.martin@work.example,anne@example.org,Anne-Marie\n"
    )
    summary = run(content, chunk_size=chunk_size)
    assert report(summary)[3] == ("merge", ["merged with line 2"])
    anne = api.find("anne@example.org")
    assert anne.email == "anne@example.org" and anne.first_name == "Anne-Marie"
    assert api.find("anne.martin@work.example") == anne
    assert Person.objects.count() == 1


@pytest.mark.parametrize("chunk_size", [5000, 1], ids=["one-chunk", "chunk-per-row"])
def test_a_row_joining_two_people_of_the_file_is_rejected_with_their_lines(chunk_size):
    content = (
        "email,email2,first_name\n"
        "anne@example.org,,Anne\n"
        "bruno@example.org,,Bruno\n"
        "anne@example.org,bruno@example.org,Confusion\n"
    )
    summary = run(content, chunk_size=chunk_size)
    assert [(o.line, o.reasons) for o in summary.outcomes if o.action == "reject"] == [
        (4, ["its addresses belong to two different people of the file (lines 2 and 3)"])
    ]
    assert sorted(Person.objects.values_list("first_name", flat=True)) == ["Anne", "Bruno"]
    with translation.override("fr"):
        french = engine.run(io.BytesIO(content.encode()), engine.Options(dry_run=True))
    assert [o.reasons for o in french.outcomes if o.action == "reject"] == [
        ["ses adresses appartiennent à deux personnes différentes du fichier (lignes 2 et 3)"]
    ]


def test_a_row_merged_into_a_rejected_row_is_rejected_with_it():
    other, _ = api.find_or_create(email="taken@example.org")
    content = (
        "email,email2,first_name\n"
        "anne@example.org,taken@example.org,Anne\n"
        "anne@example.org,,Anne-Marie\n"
    )
    summary = run(content)
    rejected = {o.line: o.reasons for o in summary.outcomes if o.action == "reject"}
    assert rejected[3] == ["same person as line 2, which is rejected"]
    assert f"(#{other.pk})" in rejected[2][0]
    assert api.find("anne@example.org") is None


def test_the_same_file_again_changes_nothing():
    run()
    again = run()
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "merge": 2, "reject": 0}
    assert Person.objects.count() == 2 and Consent.objects.count() == 1
