import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks
from wagtail.models import ModelLogEntry

from rostra.people import api
from rostra.people.models import ImportJob, Person, SavedSegment, TaggedPerson

LIST = "wagtailsnippets_people_person:list"


@pytest.fixture
def people(db):
    lyon, _ = api.find_or_create(
        email="jean.dupont@gmail.com",
        first_name="Jean",
        last_name="Dupont",
        postcode="69003",
        mobile_phone="06 12 34 56 78",
        tags=["bénévole"],
    )
    paris, _ = api.find_or_create(
        email="marie@example.org",
        first_name="Marie",
        last_name="Curie",
        postcode="75011",
        commune="Paris",
    )
    api.record_consent(paris, purpose="newsletter", granted=True)
    return lyon, paris


def names(response):
    return {person.last_name for person in response.context["object_list"]}


def test_list_search_by_name_email_alias_and_phone(client, admin_user, people):
    client.force_login(admin_user)
    url = reverse(LIST)
    assert names(client.get(url)) == {"Dupont", "Curie"}
    assert names(client.get(url, {"q": "dup"})) == {"Dupont"}
    assert names(client.get(url, {"q": "jean dupont"})) == {"Dupont"}
    assert names(client.get(url, {"q": "Jean.Dupont+x@googlemail.com"})) == {"Dupont"}
    assert names(client.get(url, {"q": "06 12 34 56 78"})) == {"Dupont"}
    assert names(client.get(url, {"q": "06 12"})) == {"Dupont"}


def test_list_filters_by_tag_territory_consent_source_and_date(client, admin_user, people):
    client.force_login(admin_user)
    url = reverse(LIST)
    assert names(client.get(url, {"tag": "bénévole"})) == {"Dupont"}
    assert names(client.get(url, {"departement": "75"})) == {"Curie"}
    assert names(client.get(url, {"region": "84"})) == {"Dupont"}
    assert names(client.get(url, {"consent": "newsletter:email"})) == {"Curie"}
    assert names(client.get(url, {"source": "page"})) == {"Dupont", "Curie"}
    assert names(client.get(url, {"created_after": "2999-01-01"})) == set()


def test_saved_segments(client, admin_user, people):
    client.force_login(admin_user)
    response = client.post(
        reverse("people_save_segment"), {"name": "Lyon", "query": "departement=69"}
    )
    assert response.status_code == 302
    segment = SavedSegment.objects.get(name="Lyon")
    assert names(client.get(reverse(LIST), {"segment": segment.pk})) == {"Dupont"}


def test_bulk_tag_and_untag(client, admin_user, people):
    client.force_login(admin_user)
    lyon, paris = people
    url = reverse("wagtail_bulk_action", args=["people", "person", "tag"])
    query = f"?id={lyon.pk}&id={paris.pk}"
    response = client.post(url + query, {"tag": "rally"})
    assert response.status_code == 302
    assert {p.pk for p in Person.objects.filter(tags__name="rally")} == {lyon.pk, paris.pk}
    url = reverse("wagtail_bulk_action", args=["people", "person", "untag"])
    client.post(url + f"?id={lyon.pk}", {"tag": "rally"})
    assert list(Person.objects.filter(tags__name="rally")) == [paris]


def _bulk_queries(client, action, people, tag):
    url = reverse("wagtail_bulk_action", args=["people", "person", action])
    query = "?" + "&".join(f"id={person.pk}" for person in people)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url + query, {"tag": tag})
    assert response.status_code == 302
    return len(queries)


def test_bulk_tag_costs_the_same_for_3_or_30_people_and_never_tags_twice(client, admin_user):
    client.force_login(admin_user)
    crowd = [api.find_or_create(email=f"supporter{number}@example.org")[0] for number in range(30)]
    crowd[0].tags.add("rally")
    _bulk_queries(client, "untag", crowd[-1:], "rally")  # first request: session, profile
    few = _bulk_queries(client, "tag", crowd[:3], "rally")
    many = _bulk_queries(client, "tag", crowd, "rally")
    assert many == few
    assert TaggedPerson.objects.filter(tag__name="rally").count() == 30
    assert Person.objects.filter(tags__name="rally").distinct().count() == 30
    assert _bulk_queries(client, "untag", crowd, "rally") == _bulk_queries(
        client, "untag", crowd[:3], "rally"
    )
    assert not TaggedPerson.objects.filter(tag__name="rally").exists()


def test_person_page_shows_timeline_and_consents_and_is_audited(client, admin_user, people):
    client.force_login(admin_user)
    _lyon, paris = people
    response = client.get(reverse("wagtailsnippets_people_person:inspect", args=[paris.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Consentement donné" in content
    assert ModelLogEntry.objects.filter(action="people.view", object_id=str(paris.pk)).exists()


def test_export_from_the_admin_is_audited(client, admin_user, people):
    client.force_login(admin_user)
    _lyon, paris = people
    response = client.get(reverse("people_export_json", args=[paris.pk]))
    assert response["Content-Type"] == "application/json"
    assert b"marie@example.org" in response.content
    html = client.get(reverse("people_export_html", args=[paris.pk]))
    assert "marie@example.org" in html.content.decode()
    assert (
        ModelLogEntry.objects.filter(action="people.export", object_id=str(paris.pk)).count() == 2
    )


def test_merge_screen_compares_then_merges(client, admin_user, people):
    client.force_login(admin_user)
    lyon, paris = people
    url = reverse("people_merge", args=[lyon.pk])
    compare = client.post(url, {"duplicate": paris.pk})
    assert "Curie" in compare.content.decode()
    assert Person.objects.get(pk=paris.pk).merged_into is None
    client.post(url, {"duplicate": paris.pk, "confirm": "1"})
    assert Person.objects.get(pk=paris.pk).merged_into_id == lyon.pk


def test_erase_needs_a_post_and_the_permission(client, django_user_model, admin_user, people):
    lyon, _paris = people
    editor = django_user_model.objects.create_user("editor", password="pw")
    group = Group.objects.create(name="People readers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_person"),
    )
    editor.groups.add(group)
    client.force_login(editor)
    # Wagtail answers a refused admin action with a redirect and a message.
    for response in (
        client.post(reverse("people_erase", args=[lyon.pk])),
        client.get(reverse("people_export_json", args=[lyon.pk])),
    ):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert Person.objects.get(pk=lyon.pk).erased_at is None
    client.force_login(admin_user)
    assert client.get(reverse("people_erase", args=[lyon.pk])).status_code == 200
    client.post(reverse("people_erase", args=[lyon.pk]))
    assert Person.objects.get(pk=lyon.pk).erased_at


def test_nobody_can_delete_a_person(admin_user, people):
    from wagtail.permissions import policy_registry

    assert not policy_registry.get_by_type(Person).user_has_permission(admin_user, "delete")


def test_import_preview_then_import_with_progress(client, admin_user, db):
    client.force_login(admin_user)
    upload = io.BytesIO(b"email;code postal\na@example.org;69003\nb@example.org;99999\n")
    upload.name = "people.csv"
    response = client.post(reverse("people_import"), {"file": upload, "source_label": "Salon"})
    job = ImportJob.objects.get()
    assert response.url == reverse("people_import_job", args=[job.pk])
    assert job.status == "preview" and (job.created, job.rejected) == (1, 1)
    assert not Person.objects.exists()
    page = client.get(response.url).content.decode()
    assert "99999" in page and "<progress" in page
    client.post(response.url)
    job.refresh_from_db()
    assert job.status == "done" and job.created == 1 and job.percent == 100
    assert Person.objects.get().source_detail == "Salon"


def test_a_scoping_hook_limits_what_a_user_sees(client, admin_user, people):
    lyon, paris = people
    client.force_login(admin_user)

    def only_rhone(user, queryset):
        return api.in_territory(queryset, departements=["69"])

    with hooks.register_temporarily("people_queryset_for_user", only_rhone):
        assert names(client.get(reverse(LIST))) == {"Dupont"}
        url = reverse("wagtailsnippets_people_person:inspect", args=[paris.pk])
        assert client.get(url).status_code == 404


def test_list_export_with_django_import_export_round_trips(client, admin_user, people):
    client.force_login(admin_user)
    response = client.get(reverse("people_export_list"), {"departement": "69", "format": "csv"})
    text = response.content.decode()
    assert text.splitlines()[0].startswith("nationbuilder_id,first_name,last_name,email")
    assert "jean.dupont@gmail.com" in text and "marie@example.org" not in text
    assert ModelLogEntry.objects.filter(action="people.export").count() == 1
    xlsx = client.get(reverse("people_export_list"), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    # The file imports back as it is, creating nobody twice.
    from rostra.people.importing import engine

    summary = engine.run(io.BytesIO(response.content), engine.Options())
    assert summary.counts["create"] == 0 and summary.counts["reject"] == 0
