"""Outlines uploaded through the admin, by the results imports' flow: a
preview, a progress bar, refusals named by feature number, nothing stored
before the user confirms, only the communes of the user's territory."""

import json

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rostra.scoping import Area
from wagtail import hooks

from rostra_targeting.models import Outline, ResultsImport
from rostra_targeting.tests.conftest import in_english
from rostra_targeting.tests.test_map import _square


def _geojson(codes, **extra):
    features = [
        {
            "type": "Feature",
            "properties": {"codeBureauVote": code} if code else {"nom": "sans code"},
            "geometry": {"type": "Polygon", "coordinates": _square(4.85 + i / 100, 45.75)},
        }
        for i, code in enumerate(codes)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features, **extra}).encode()


def _upload(client, data, level="station"):
    return client.post(
        reverse("targeting_admin:outlines"),
        {"level": level, "file": SimpleUploadedFile("bureaux.geojson", data)},
    )


def _editor(django_user_model, codenames=("access_admin", "add_resultsimport")):
    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return in_english(user)


def test_outlines_are_previewed_then_imported(client, db, django_user_model):
    Outline.objects.create(level="station", code="69383_0101", rings=_square(0, 0))
    client.force_login(_editor(django_user_model))
    response = _upload(client, _geojson(["69383_0101", "69383_0102"]))
    job = ResultsImport.objects.get()
    assert job.kind == "outlines" and job.layout == "station"
    page = client.get(response.url).content.decode()
    assert "Preview (nothing written yet)" in page and '<progress max="100" value="100"' in page
    assert "outlines to add: 1" in page and "outlines to replace: 1" in page
    assert Outline.objects.get().rings == _square(0, 0)  # nothing written by the preview
    client.post(response.url)
    assert Outline.objects.count() == 2
    assert Outline.objects.get(code="69383_0101").rings == _square(4.85, 45.75)
    listing = client.get(reverse("targeting_admin:outlines")).content.decode()
    assert "Polling station: 2" in listing and "bureaux.geojson" in listing


def test_bad_features_are_listed_and_nothing_is_stored(client, db, django_user_model):
    client.force_login(_editor(django_user_model))
    page = client.get(_upload(client, _geojson(["69383_0101", ""])).url).content.decode()
    assert "nothing was stored" in page and "<td>2</td><td>feature without a code" in page
    page = client.get(_upload(client, b"not json").url).content.decode()
    assert "This is not a GeoJSON FeatureCollection." in page
    assert not Outline.objects.exists()


def test_a_candidate_loads_only_the_outlines_of_their_territory(client, db, django_user_model):
    client.force_login(_editor(django_user_model))
    with hooks.register_temporarily("areas_for_user", lambda user: [Area(communes=("69383",))]):
        page = client.get(_upload(client, _geojson(["69383_0101", "2A004_0001"])).url)
    assert "<td>2</td><td>the commune 2A004 is outside your territory</td>" in page.content.decode()
    assert not Outline.objects.exists()


def test_without_the_permission_the_outlines_are_closed(client, db, django_user_model):
    client.force_login(_editor(django_user_model, codenames=("access_admin",)))
    assert client.get(reverse("targeting_admin:outlines")).status_code == 302
    assert _upload(client, _geojson(["69383_0101"])).status_code == 302
    assert not ResultsImport.objects.exists()
