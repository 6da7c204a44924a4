"""The imports are Wagtail's listing (filters, sorting, export), and a user
other than a superuser sees only the imports of their own groups."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from rostra.people.models import ImportJob

pytestmark = pytest.mark.django_db


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


@pytest.fixture
def importer(django_user_model):
    def make(name):
        user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
        group = Group.objects.create(name=f"Équipe {name}")
        group.permissions.add(
            Permission.objects.get(codename="access_admin"),
            *Permission.objects.filter(
                content_type__app_label="people", codename__in=["import_person", "view_person"]
            ),
        )
        user.groups.add(group)
        return user

    return make


def test_imports_are_listed_filtered_sorted_and_exported(client, admin_user):
    ImportJob.objects.create(filename="salon.csv", created_by=admin_user, created=12)
    ImportJob.objects.create(
        filename="ancien.csv", created_by=admin_user, status=ImportJob.Status.FAILED
    )
    client.force_login(admin_user)
    page = client.get(reverse("people_imports")).content.decode()
    assert 'id="filters-drilldown"' in page and "?ordering=created" in page
    assert "salon.csv" in page and "ancien.csv" in page
    failed = client.get(reverse("people_imports_results"), {"status": "failed"}).content.decode()
    assert "ancien.csv" in failed and "salon.csv" not in failed
    csv = body(client.get(reverse("people_imports"), {"export": "csv", "ordering": "filename"}))
    lines = csv.strip().splitlines()
    assert len(lines) == 3 and lines[1].startswith("ancien.csv") and ",12," in lines[2]


def test_a_team_sees_only_its_own_imports(client, importer):
    alice, bruno = importer("alice"), importer("bruno")
    theirs = ImportJob.objects.create(filename="bruno-secret.csv", created_by=bruno)
    ImportJob.objects.create(filename="alice.csv", created_by=alice)
    client.force_login(alice)
    for url in (
        reverse("people_imports"),
        reverse("people_imports_results"),
        reverse("people_imports") + "?export=csv",
        reverse("people_import"),
    ):
        text = body(client.get(url))
        assert "bruno-secret" not in text, url
    assert "alice.csv" in body(client.get(reverse("people_imports")))
    assert client.get(reverse("people_import_job", args=[theirs.pk])).status_code == 404


def test_imports_need_the_import_permission(client, django_user_model):
    user = django_user_model.objects.create_user("lecteur", "l@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("people_imports"))
    assert (response.status_code, response["Location"]) == (302, "/admin/")
