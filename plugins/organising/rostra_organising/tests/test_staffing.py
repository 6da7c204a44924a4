"""Polling-station staffing: stations from the core registry or a CSV, the
gaps per commune, recruiting volunteers, the prefecture's export, and a
team's territory."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from rostra import polling_stations
from rostra.people import api
from rostra.scoping import Area
from wagtail import hooks

from rostra_organising.volunteering.models import Recruit, UploadedPollingStation, Volunteer

CSV = (
    "commune_code;number;name;address\n"
    "69383;0101;École Jean Macé;1 rue Jean Macé\n"
    "69383;0102;Gymnase;2 rue du Stade\n"
    "59350;0001;Mairie de Lille;Place Augustin Laurent\n"
)


@pytest.fixture(autouse=True)
def _admin_in_english(admin_user):
    """The admin answers in its user's language: these tests read English."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()


@pytest.fixture
def stations(national_site):
    for code, number, name in (
        ("69383", "0101", "École Jean Macé"),
        ("69383", "0102", "Gymnase"),
        ("59350", "0001", "Mairie de Lille"),
    ):
        UploadedPollingStation.objects.create(
            code=f"{code}_{number}", commune_code=code, number=number, name=name
        )


def volunteer(email, first_name, postcode="69003", tasks=",assessor,"):
    person, _ = api.find_or_create(email=email)
    return Volunteer.objects.create(
        person=person,
        first_name=first_name,
        last_name="Martin",
        email=email,
        postcode=postcode,
        tasks=tasks,
    )


def test_the_csv_upload_names_each_wrong_line_and_imports_nothing_then(client, admin_user):
    client.force_login(admin_user)
    bad = "commune_code;number;name\n69383;0101;A\n99999;0001;B\n69383;;C\n69383;0101;D\n"
    response = client.post(
        "/admin/organising/staffing/upload/",
        {"file": SimpleUploadedFile("bureaux.csv", bad.encode())},
    )
    text = response.text
    assert "Line 3" in text and "Line 4" in text and "Line 5" in text and "Line 2" not in text
    assert not UploadedPollingStation.objects.exists()
    response = client.post(
        "/admin/organising/staffing/upload/",
        {"file": SimpleUploadedFile("bureaux.csv", CSV.encode())},
    )
    assert response.status_code == 302
    assert UploadedPollingStation.objects.count() == 3
    # The same file again: replaced, not doubled.
    client.post(
        "/admin/organising/staffing/upload/",
        {"file": SimpleUploadedFile("bureaux.csv", CSV.encode())},
    )
    assert UploadedPollingStation.objects.count() == 3


def test_the_gaps_show_per_commune_and_close_as_posts_are_filled(
    client, admin_user, stations, national_site
):
    client.force_login(admin_user)
    camille = volunteer("camille@example.org", "Camille")
    text = client.get("/admin/organising/staffing/?departement=69").text
    assert "Lyon 3e" in text or "69383" in text
    assert "0 / 4" in text and "Mairie de Lille" not in text
    response = client.post(
        "/admin/organising/staffing/station/69383_0101/assign/",
        {
            "site": national_site.pk,
            "role": "assessor",
            "position": "titulaire",
            "volunteer": camille.pk,
            "birth_date": "1990-05-01",
            "birth_place": "Lyon",
            "address": "3 rue Paul Bert, 69003 Lyon",
            "elector_number": "1234",
        },
    )
    assert response.status_code == 302
    recruit = Recruit.objects.get()
    assert recruit.person == camille.person and recruit.last_name == "Martin"
    assert "1 / 4" in client.get("/admin/organising/staffing/?departement=69").text
    commune = client.get("/admin/organising/staffing/commune/69383/").text
    assert "Martin Camille" in commune and "To fill" in commune
    # The same post twice is refused.
    again = client.post(
        "/admin/organising/staffing/station/69383_0101/assign/",
        {
            "site": national_site.pk,
            "role": "assessor",
            "position": "titulaire",
            "volunteer": camille.pk,
        },
    )
    assert again.status_code == 200 and Recruit.objects.count() == 1


def test_the_export_is_the_prefectures_list(client, admin_user, stations, national_site):
    camille = volunteer("camille@example.org", "=Camille")
    Recruit.objects.create(
        site=national_site,
        station_code="69383_0102",
        commune_code="69383",
        role="delegate",
        position="suppleant",
        person=camille.person,
        volunteer=camille,
        last_name="Martin",
        first_name="=Camille",
        birth_place="Lyon",
        elector_number="42",
    )
    client.force_login(admin_user)
    response = client.get("/admin/organising/staffing/export/xlsx/?departement=69")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(rows) == 2 and len(rows[0]) == 12  # the header, one post filled
    assert rows[1][0] == "69383" and rows[1][2] == "0102" and rows[1][3] == "Gymnase"
    assert rows[1][4] in ("Delegate", "Délégué") and rows[1][5] == "Suppléant"
    assert rows[1][6:8] == ["Martin", "'=Camille"]  # a formula typed is text
    assert rows[1][9] == "Lyon" and rows[1][11] == "42"
    csv_text = client.get("/admin/organising/staffing/export/csv/?departement=69").content
    assert b"Gymnase" in csv_text


def test_stations_come_from_the_core_registry_when_a_plugin_offers_them(client, admin_user):
    def source(commune_codes, constituency):
        station = polling_stations.PollingStation(
            code="13055_0301", commune_code="13055", number="0301", name="Registre"
        )
        return [station] if commune_codes is None or "13055" in commune_codes else []

    polling_stations.register_source("test-registry", source)
    try:
        client.force_login(admin_user)
        text = client.get("/admin/organising/staffing/commune/13055/").text
        assert "Registre" in text
    finally:
        polling_stations.unregister_source("test-registry")


def test_a_team_sees_its_territory_and_its_own_recruits_only(
    client, stations, national_site, other_site, django_user_model
):
    team = django_user_model.objects.create_user("equipe", "e@example.org", "pw")
    team.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_recruit", "add_recruit"])
    )
    theirs = volunteer("nord@example.org", "Nord", postcode="59000")
    Recruit.objects.create(
        site=national_site,
        station_code="69383_0101",
        commune_code="69383",
        role="assessor",
        position="titulaire",
        person=theirs.person,
        last_name="Autre",
        first_name="Liste",
    )
    client.force_login(team)
    with (
        hooks.register_temporarily(
            "areas_for_user", lambda user: [Area(communes=("69383",))] if user == team else None
        ),
        hooks.register_temporarily(
            "site_ids_for_user", lambda user: [other_site.pk] if user == team else None
        ),
    ):
        text = client.get("/admin/organising/staffing/").text
        assert "59350" not in text and "0 / 4" in text  # the other list's recruit is not theirs
        assert "Mairie de Lille" not in client.get("/admin/organising/staffing/commune/69383/").text
        assert client.get("/admin/organising/staffing/commune/59350/").status_code == 404
        assert (
            client.get("/admin/organising/staffing/station/59350_0001/assign/").status_code == 404
        )
        export = client.get("/admin/organising/staffing/export/csv/").content.decode()
        assert "Autre" not in export
        assert client.get("/admin/organising/staffing/upload/").status_code in (302, 403)
        other = Recruit.objects.get()
        client.post(f"/admin/organising/staffing/recruit/{other.pk}/remove/")
        assert Recruit.objects.filter(pk=other.pk).exists()


def test_erasing_a_person_frees_their_post(stations, national_site):
    camille = volunteer("camille@example.org", "Camille")
    Recruit.objects.create(
        site=national_site,
        station_code="69383_0101",
        commune_code="69383",
        role="assessor",
        position="titulaire",
        person=camille.person,
        last_name="Martin",
        first_name="Camille",
    )
    api.erase(camille.person)
    assert not Recruit.objects.exists()
