"""The admin import: upload, preview, import with a progress bar, refusals."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rostra_targeting import official_files
from rostra_targeting.models import ResultsImport, StationResult
from rostra_targeting.tests.conftest import figures, in_english


def _upload(client, data, name="resultats.txt"):
    return client.post(
        reverse("targeting_admin:imports"),
        {
            "kind": "legislatives",
            "year": 2024,
            "round": 1,
            "file": SimpleUploadedFile(name, data),
        },
    )


@pytest.fixture
def editor(db, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_resultsimport"),
    )
    return in_english(user)


def test_upload_previews_then_imports_with_a_progress_bar(client, editor):
    client.force_login(editor)
    response = _upload(client, official_files.write_numbered(figures()))
    job = ResultsImport.objects.get()
    assert response.url == reverse("targeting_admin:import", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "Preview (nothing written yet)" in page and "<progress" in page
    assert "results to add: 4" in page and "2024 layout" in page
    assert StationResult.objects.count() == 0
    client.post(response.url)
    job.refresh_from_db()
    assert job.status == ResultsImport.Status.DONE and job.percent == 100
    assert StationResult.objects.filter(election__year=2024).count() == 4
    assert "results added: 4" in client.get(response.url).content.decode()


def test_a_refused_file_lists_its_lines_and_stores_nothing(client, editor):
    client.force_login(editor)
    header, rows = official_files.legacy_rows(figures())
    rows[0][10] = "9999"  # Votants > Inscrits on line 2
    response = _upload(client, official_files.to_csv(header, rows, encoding="latin-1"))
    page = client.get(response.url).content.decode()
    assert "nothing was stored" in page
    assert "<td>2</td><td>more voters (9999) than registered (1000)</td>" in page
    assert StationResult.objects.count() == 0
    assert client.post(response.url).status_code == 200  # no import button, nothing happens
    assert StationResult.objects.count() == 0


def test_unmapped_nuances_are_pointed_out(client, editor):
    client.force_login(editor)
    data = official_files.write_legacy(
        [{**figures()[0], "candidates": [(1, "F", "A", "B", "XYZ", 595)]}]
    )
    page = client.get(_upload(client, data).url).content.decode()
    assert "Nuances in no bloc" in page and "XYZ" in page


def test_without_the_permission_the_import_is_refused(client, db, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("targeting_admin:imports"))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
