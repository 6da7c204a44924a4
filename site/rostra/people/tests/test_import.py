import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from rostra import signals
from rostra.people import api
from rostra.people.importing import engine
from rostra.people.models import Consent, Person, TimelineEntry


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (the French catalogue is tested apart)."""
    with translation.override("en"):
        yield


NATIONBUILDER = (
    "nationbuilder_id,first_name,last_name,email,email2,mobile_number,primary_zip,primary_city,"
    "tag_list,email_opt_in,do_not_contact\n"
    "1,Jean,Dupont,jean.dupont@gmail.com,jd@work.example,06 12 34 56 78,69003,Lyon,"
    '"lyon, bénévole",true,false\n'
    "2,Marie,Curie,marie@example.org,,,75011,Paris,,false,true\n"
)
BAD_ROWS = (
    "prénom;nom;courriel;code postal;téléphone\n"
    "Anne;Martin;anne@example.org;69003;06 11 22 33 44\n"
    "Bad;Email;pas-une-adresse;75011;\n"
    "Bad;Postcode;bad@example.org;99999;\n"
    "Bad;Phone;phone@example.org;75011;01 23\n"
    "Dup;Licate;ANNE@example.org;69003;\n"
    "Zoé;Lefèvre;zoe@example.org;13001;\n"
)


def run(content, **options):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return engine.run(io.BytesIO(data), engine.Options(source_label="test.csv", **options))


def rejected(summary):
    return {o.line: o.reasons for o in summary.outcomes if o.action == "reject"}


@pytest.fixture(params=[True, False], ids=["bulk", "row-by-row"])
def bulk(request):
    return request.param


@pytest.mark.django_db
def test_a_nationbuilder_export_imports_as_is(bulk):
    summary = run(NATIONBUILDER, bulk=bulk, consent_wording="Sign me up")
    assert summary.counts == {"create": 2, "update": 0, "unchanged": 0, "merge": 0, "reject": 0}
    jean = api.find("jeandupont@googlemail.com")
    assert (jean.first_name, jean.mobile_phone, jean.commune_code) == (
        "Jean",
        "+33612345678",
        "69123",
    )
    assert set(jean.tags.names()) == {"lyon", "bénévole"}
    assert api.find("jd@work.example") == jean
    consent = Consent.objects.get(person=jean)
    assert (consent.where, consent.where_detail, consent.wording) == (
        "import",
        "test.csv",
        "Sign me up",
    )
    assert api.can_contact(jean, "newsletter")
    marie = api.find("marie@example.org")
    assert marie.do_not_contact and not marie.consents.exists()
    entry = jean.timeline.get(kind=TimelineEntry.Kind.IMPORT)
    assert entry.english_text == "Imported from test.csv (line 2)"
    assert jean.source_kind == "import" and jean.source_detail == "test.csv"


@pytest.mark.django_db
def test_bad_rows_are_reported_by_line_and_nothing_of_them_is_imported(bulk):
    summary = run(BAD_ROWS, bulk=bulk)
    reasons = rejected(summary)
    assert sorted(reasons) == [3, 4]
    assert "not an email address" in reasons[3][0]
    assert "impossible postcode" in reasons[4][0]
    assert summary.counts == {"create": 3, "update": 0, "unchanged": 0, "merge": 1, "reject": 2}
    assert sorted(Person.objects.values_list("email", flat=True)) == [
        "anne@example.org",
        "phone@example.org",
        "zoe@example.org",
    ]
    assert not Person.objects.filter(last_name__in=["Email", "Postcode"]).exists()


@pytest.mark.django_db
def test_the_same_file_twice_creates_nobody_twice(bulk):
    first = run(NATIONBUILDER, bulk=bulk)
    second = run(NATIONBUILDER, bulk=bulk)
    assert first.counts["create"] == 2
    assert second.counts == {"create": 0, "update": 0, "unchanged": 2, "merge": 0, "reject": 0}
    assert Person.objects.count() == 2
    assert Consent.objects.count() == 1  # no second opt-in row either


@pytest.mark.django_db
def test_tabs_backslashes_and_line_breaks_in_a_value_are_stored_as_written(bulk):
    summary = run(
        "first_name,last_name,email,address1,tags,external_id\n"
        '"Jean\tPierre",O\\Brien,jp@example.org,"Bât. A\r\n3 rue du Port",a\\b,\\N\n',
        bulk=bulk,
    )
    assert summary.counts["create"] == 1
    person = api.find("jp@example.org")
    assert (person.first_name, person.last_name, person.address_line1) == (
        "Jean\tPierre",
        "O\\Brien",
        "Bât. A\r\n3 rue du Port",
    )
    assert set(person.tags.names()) == {"a\\b"}
    assert person.timeline.get(kind=TimelineEntry.Kind.IMPORT).data == {"external_id": "\\N"}


@pytest.mark.django_db
def test_a_known_person_is_merged_not_duplicated_and_keeps_their_choice(bulk):
    person, _ = api.find_or_create(email="Jean.Dupont@gmail.com", first_name="Jean")
    api.record_consent(person, purpose="newsletter", granted=False)  # they left
    summary = run(NATIONBUILDER, bulk=bulk)
    assert summary.counts["update"] == 1
    person.refresh_from_db()
    assert person.last_name == "Dupont" and person.mobile_phone == "+33612345678"
    assert not api.can_contact(person, "newsletter")  # an old opt-in does not re-subscribe
    assert person.timeline.filter(kind=TimelineEntry.Kind.UPDATE).exists()


@pytest.mark.django_db
def test_windows_1252_semicolons_from_french_excel():
    summary = run(BAD_ROWS.encode("cp1252"))
    assert summary.encoding == "cp1252" and summary.delimiter == ";"
    assert Person.objects.get(email="zoe@example.org").last_name == "Lefèvre"


@pytest.mark.django_db
def test_a_line_in_another_encoding_is_rejected_not_garbled():
    text = "first_name,email\nZoé,zoe@example.org\n".encode() + "Hélène,h@example.org\n".encode(
        "cp1252"
    )
    summary = run(text)
    assert rejected(summary) == {3: ["characters in another encoding than the rest of the file"]}
    assert not Person.objects.filter(email="h@example.org").exists()


@pytest.mark.django_db
def test_a_missing_required_column_stops_the_file_at_line_one():
    summary = run("first_name,last_name\nJean,Dupont\n")
    assert summary.errors and summary.errors[0].startswith("Line 1")
    assert "email" in summary.errors[0]
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_dry_run_previews_without_writing():
    api.find_or_create(email="marie@example.org")
    summary = run(NATIONBUILDER, dry_run=True)
    actions = {o.line: o.action for o in summary.outcomes}
    assert actions == {2: "create", 3: "update"}
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_xlsx_with_numbers_typed_as_numbers():
    book = Workbook()
    sheet = book.active
    sheet.append(["email", "primary_zip", "mobile_number"])
    sheet.append(["xl@example.org", 1400, 612345678])
    stream = io.BytesIO()
    book.save(stream)
    summary = run(stream.getvalue())
    assert summary.counts["create"] == 1
    person = Person.objects.get()
    assert (person.postcode, person.departement_code) == ("01400", "01")
    assert person.mobile_phone == "+33612345678"


@pytest.mark.django_db
def test_the_command_reports_rows_and_refuses_a_file_without_email(tmp_path):
    good = tmp_path / "people.csv"
    good.write_text(BAD_ROWS, encoding="utf-8")
    out = io.StringIO()
    call_command("import_people", good, "--quiet-progress", stdout=out)
    assert "line 4: rejected" in out.getvalue()
    assert "line 5: téléphone « 01 23 » (colonne téléphone) illisible" in out.getvalue()
    assert "line 6: fusionnée avec la ligne 2" in out.getvalue()
    assert "3 were created" in out.getvalue()
    assert "1 merged with an earlier line" in out.getvalue()
    bad = tmp_path / "nomail.csv"
    bad.write_text("first_name\nJean\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_people", bad, "--quiet-progress", stdout=io.StringIO(), stderr=io.StringIO()
        )


@pytest.mark.django_db
def test_an_address_of_someone_else_rejects_the_row_in_preview_and_import(bulk):
    other, _ = api.find_or_create(email="jd@work.example", first_name="Someone")
    preview = run(NATIONBUILDER, bulk=bulk, dry_run=True)
    summary = run(NATIONBUILDER, bulk=bulk)
    for report in (preview, summary):
        assert list(rejected(report)) == [2]
        assert (
            f"jd@work.example already belongs to another person (#{other.pk})"
            in (rejected(report)[2][0])
        )
    assert api.find("jean.dupont@gmail.com") is None
    assert api.find("jd@work.example") == other
    assert api.find("marie@example.org") is not None


@pytest.mark.django_db
def test_an_interrupted_import_keeps_whole_chunks_and_a_rerun_completes_it(bulk, monkeypatch):
    applied = []
    real = engine._apply_chunk

    def crash_on_second_chunk(chunk, *args):
        if applied:
            raise ConnectionError("server went away")
        applied.append(chunk)
        return real(chunk, *args)

    monkeypatch.setattr(engine, "_apply_chunk", crash_on_second_chunk)
    with pytest.raises(ConnectionError):
        run(NATIONBUILDER, bulk=bulk, chunk_size=1)
    assert list(Person.objects.values_list("email", flat=True)) == ["jean.dupont@gmail.com"]
    assert TimelineEntry.objects.filter(kind=TimelineEntry.Kind.IMPORT).count() == 1
    monkeypatch.setattr(engine, "_apply_chunk", real)
    summary = run(NATIONBUILDER, bulk=bulk, chunk_size=1)
    assert summary.counts == {"create": 1, "update": 0, "unchanged": 1, "merge": 0, "reject": 0}
    assert Person.objects.count() == 2
    assert Consent.objects.count() == 1


@pytest.mark.django_db
def test_a_failure_while_reading_stops_the_import_after_the_chunks_before_it(monkeypatch):
    real = engine.rows.Parser.parse

    def unreadable_line_3(self, line, values, problem=""):
        if line == 3:
            raise ValueError("cannot read line 3")
        return real(self, line, values, problem)

    monkeypatch.setattr(engine.rows.Parser, "parse", unreadable_line_3)
    with pytest.raises(ValueError, match="cannot read line 3"):
        run(NATIONBUILDER, chunk_size=1)
    assert list(Person.objects.values_list("email", flat=True)) == ["jean.dupont@gmail.com"]


@pytest.mark.django_db
def test_rejections_are_worded_in_the_language_of_whoever_imports():
    with translation.override("fr"):
        summary = run(BAD_ROWS)
    assert rejected(summary)[4] == ["code postal impossible « 99999 »"]


@pytest.mark.django_db
def test_known_people_get_the_files_changes_with_their_traces_and_plugins_hear(bulk):
    heard = []

    def updated(sender, person, site, fields, **kwargs):
        heard.append(("updated", person.email, tuple(fields)))

    def consented(sender, person, site, consent, **kwargs):
        heard.append(("consent", person.email, consent.purpose, consent.channel))

    jean, _ = api.find_or_create(
        email="jean.dupont@gmail.com", first_name="Jean", postcode="75011", tags=["paris"]
    )
    marie, _ = api.find_or_create(email="marie@example.org", last_name="Curie")
    api.record_consent(marie, purpose="newsletter", granted=False)
    signals.person_updated.connect(updated)
    signals.consent_changed.connect(consented)
    try:
        summary = run(NATIONBUILDER, bulk=bulk, consent_wording="Sign me up")
    finally:
        signals.person_updated.disconnect(updated)
        signals.consent_changed.disconnect(consented)
    assert summary.counts == {"create": 0, "update": 2, "unchanged": 0, "merge": 0, "reject": 0}
    jean.refresh_from_db()
    marie.refresh_from_db()
    assert (jean.last_name, jean.postcode, jean.commune_code, jean.mobile_phone) == (
        "Dupont",
        "69003",
        "69123",
        "+33612345678",
    )
    assert set(jean.tags.names()) == {"paris", "lyon", "bénévole"}
    assert api.find("jd@work.example") == jean
    update = jean.timeline.get(kind=TimelineEntry.Kind.UPDATE, data__source="import")
    assert update.data["before"]["postcode"] == "75011"
    consent = jean.consents.get()
    assert (consent.where, consent.wording, consent.granted) == ("import", "Sign me up", True)
    assert api.can_contact(jean, "newsletter")
    assert jean.timeline.filter(kind=TimelineEntry.Kind.CONSENT).count() == 1
    assert marie.do_not_contact and marie.first_name == "Marie"
    assert not api.can_contact(marie, "newsletter")
    assert marie.consents.count() == 1  # the file's "false" adds nothing
    assert ("consent", "jean.dupont@gmail.com", "newsletter", "email") in heard
    jean_fields = next(h[2] for h in heard if h[0] == "updated" and h[1] == jean.email)
    assert {"last_name", "postcode", "commune", "mobile_phone"} <= set(jean_fields)
    assert run(NATIONBUILDER, bulk=bulk).counts["unchanged"] == 2
