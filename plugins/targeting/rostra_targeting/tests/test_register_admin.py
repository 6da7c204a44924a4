"""INSEE's register of addresses uploaded through the admin, by the results
imports' flow: a preview, a progress bar, line-numbered refusals, nothing
stored before the user confirms, only the communes of the user's territory."""

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rostra.scoping import Area
from wagtail import hooks

from rostra_targeting.models import RegisterAddress, ResultsImport
from rostra_targeting.tests.conftest import in_english
from rostra_targeting.tests.test_register import ROWS, _file


def _editor(django_user_model, codenames=("access_admin", "add_resultsimport")):
    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return in_english(user)


def _upload(client, rows=ROWS):
    data = _file(rows).getvalue()
    return client.post(
        reverse("targeting_admin:register"),
        {"file": SimpleUploadedFile("table-adresses-reu.csv", data)},
    )


def test_the_register_is_previewed_then_imported(client, db, django_user_model):
    client.force_login(_editor(django_user_model))
    response = _upload(client)
    job = ResultsImport.objects.get()
    assert job.kind == "register" and job.election is None
    assert response.url == reverse("targeting_admin:import", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "Preview (nothing written yet)" in page and '<progress max="100" value="100"' in page
    assert "addresses in the file: 4" in page and "polling stations in the file: 3" in page
    assert not RegisterAddress.objects.exists()
    client.post(response.url)
    job.refresh_from_db()
    assert job.status == ResultsImport.Status.DONE
    assert RegisterAddress.objects.count() == 4
    assert "addresses of these communes replaced: 0" in client.get(response.url).content.decode()
    listing = client.get(reverse("targeting_admin:register")).content.decode()
    assert "4 addresses held." in listing and "table-adresses-reu" in listing
    # The results imports' page lists results files only.
    assert (
        "table-adresses-reu" not in client.get(reverse("targeting_admin:imports")).content.decode()
    )


def test_bad_lines_are_listed_and_nothing_is_stored(client, db, django_user_model):
    client.force_login(_editor(django_user_model))
    rows = [*ROWS, "69383,,69383_101,x,1 Rue A 69003 Lyon,housenumber,0.9,0,0,,1,zero"]
    page = client.get(_upload(client, rows).url).content.decode()
    assert "nothing was stored" in page
    assert "<td>6</td><td>nb_adresses is not a whole number above 0: &#x27;zero&#x27;</td>" in page
    assert "Import these addresses" not in page
    assert not RegisterAddress.objects.exists()


def test_a_candidate_loads_only_the_communes_of_their_territory(client, db, django_user_model):
    client.force_login(_editor(django_user_model))
    with hooks.register_temporarily("areas_for_user", lambda user: [Area(communes=("69383",))]):
        page = client.get(_upload(client).url).content.decode()
    assert "<td>5</td><td>the commune 2A004 is outside your territory</td>" in page
    assert not RegisterAddress.objects.exists()


def test_without_the_permission_the_register_is_closed(client, db, django_user_model):
    client.force_login(_editor(django_user_model, codenames=("access_admin",)))
    response = client.get(reverse("targeting_admin:register"))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert _upload(client).status_code == 302
    assert not ResultsImport.objects.exists()
