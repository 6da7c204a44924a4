"""Admin screens: signatures list and export, dashboard, switches, trending,
invalidation preview, paper import; a candidate sees only their petitions."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from rostra_petitions import counting
from rostra_petitions.models import PaperBatch, PetitionPage, PetitionState, Signature
from rostra_petitions.tests.conftest import sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, admin_user):
    client.force_login(admin_user)
    return client


def test_signatures_list_and_exports(staff, petition):
    sign(staff, petition)
    sign(staff, petition, email="autre@example.org", last_name="Autre")
    listing = staff.get("/admin/petitions/signatures/")
    assert listing.status_code == 200
    assert "camille.durand@example.org" in listing.content.decode()
    csv = staff.get("/admin/petitions/signatures/?export=csv&q=Autre")
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode()
    assert "autre@example.org" in body and "camille" not in body
    xlsx = staff.get("/admin/petitions/signatures/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.max_row == 3


def test_dashboard_chart_and_switches(staff, petition):
    response = staff.get(f"/admin/petitions/{petition.pk}/")
    assert response.status_code == 200 and "<svg" in response.content.decode()
    staff.post(f"/admin/petitions/{petition.pk}/switch/pause-signing/")
    assert PetitionState.objects.get(petition=petition).signing_paused
    staff.post(f"/admin/petitions/{petition.pk}/switch/resume-signing/", {"extend": "1"})
    state = PetitionState.objects.get(petition=petition)
    assert not state.signing_paused and state.deadline_extension.total_seconds() >= 0
    staff.post(f"/admin/petitions/{petition.pk}/switch/pause-counting/")
    assert PetitionState.objects.get(petition=petition).counting_paused
    staff.post(f"/admin/petitions/{petition.pk}/switch/recount/")


def test_paper_import_from_the_admin(staff, petition, django_capture_on_commit_callbacks):
    upload = io.BytesIO(
        "prénom,nom,code postal\nLéa,Martin,13001\nJean,Petit,ABCDE\n,Sans-Prénom,75001\n".encode()
    )
    upload.name = "papier.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/admin/petitions/{petition.pk}/paper/", {"file": upload})
    batch = PaperBatch.objects.get()
    assert response.url == f"/admin/petitions/{petition.pk}/paper/{batch.pk}/"
    page = staff.get(response.url).content.decode()
    assert '<progress max="100" value="100"' in page
    assert 'http-equiv="refresh"' not in page  # done: the page stops reloading
    # Each bad line with its number and why, in the admin's language.
    assert re.search(r"<td>3</td><td>code postal ABCDE non reconnu</td>", page), page
    assert re.search(r"<td>4</td><td>nom manquant</td>", page)
    assert batch.content == ""  # the names in the file are not kept once imported
    counting.fold()
    assert counting.public_count(petition)["paper"] == 1


def test_a_running_paper_import_shows_its_progress(staff, petition):
    from django.core.cache import cache

    batch = PaperBatch.objects.create(
        petition=petition, file_name="gros.csv", status=PaperBatch.Status.RUNNING, total_rows=400
    )
    cache.set(f"petitions:paper-progress:{batch.pk}", 100, 60)
    page = staff.get(f"/admin/petitions/{petition.pk}/paper/{batch.pk}/").content.decode()
    assert '<progress max="100" value="25"' in page
    assert "100 lignes sur 400 (25 %)" in page
    assert 'http-equiv="refresh"' in page  # reloads itself until done


def test_a_paper_file_with_wrong_columns_is_refused_at_once(staff, petition):
    upload = io.BytesIO(b"foo,bar\n1,2\n")
    upload.name = "faux.csv"
    response = staff.post(f"/admin/petitions/{petition.pk}/paper/", {"file": upload}, follow=True)
    assert "Colonnes manquantes" in response.content.decode()
    assert not PaperBatch.objects.exists()


def test_paper_import_command_shows_progress_and_bad_lines(petition, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "papier.csv"
    lines = ["prénom;nom;code postal"] + [f"P{i};N{i};69003" for i in range(120)] + ["X;Y;?"]
    path.write_text("\n".join(lines), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_paper_signatures", petition.slug, str(path), stdout=out, stderr=err)
    assert "line 122: code postal ? non reconnu" in out.getvalue()
    assert "120 paper signature(s) imported, 1 line(s) skipped" in out.getvalue()
    progress_lines = err.getvalue().splitlines()
    assert progress_lines[-1].startswith("papier.csv [") and "100%" in progress_lines[-1]
    assert len(progress_lines) >= 3  # moved along, not only at the end


def test_trending_and_invalidation_preview(staff, petition):
    for index in range(3):
        sign(staff, petition, email=f"x{index}@bad.example")
    trending = staff.get("/admin/petitions/trending/")
    assert "bad.example" in trending.content.decode()
    preview = staff.get("/admin/petitions/invalidate/", {"domain": "bad.example"})
    assert "3" in preview.content.decode()
    staff.post(
        "/admin/petitions/invalidate/", {"domain": "bad.example", "confirm": "3", "reason": "bots"}
    )
    assert Signature.objects.filter(state="invalidated").count() == 3


def test_trending_and_invalidation_preview_write_numbers_the_french_way(staff, petition):
    Signature.objects.bulk_create(
        Signature(
            petition=petition,
            first_name="X",
            last_name=f"N{index}",
            email=f"x{index}@bad.example",
            email_domain="bad.example",
        )
        for index in range(1200)
    )
    trending = staff.get("/admin/petitions/trending/").content.decode()
    assert "<td>1\u00a0200</td>" in trending  # the domain's count
    assert "1\u00a0200 signatures dans la dernière heure" in trending
    preview = staff.get("/admin/petitions/invalidate/", {"domain": "bad.example"})
    page = preview.content.decode()
    assert "Cela invalidera 1\u00a0200 signature(s)" in page
    assert "\u00a0: 1\u00a0200</li>" in page  # a space before the colon, in French


def test_the_petitions_overview_writes_numbers_the_french_way(staff, petition):
    petition.goal = 20000
    petition.save_revision().publish()
    overview = staff.get("/admin/petitions/").content.decode()
    assert "<td>20\u00a0000</td>" in overview  # the goal


def test_a_candidate_sees_only_the_petitions_of_their_site(
    client, petition, other_site, django_user_model
):
    local = other_site.root_page.add_child(
        instance=PetitionPage(title="Locale", slug="locale", intro="x", goal=10)
    )
    local.save_revision().publish()
    sign(client, petition, email="national@example.org")
    sign(client, local, email="lyon@example.org")
    group = Group.objects.create(name="Lyon")
    from django.contrib.auth.models import Permission

    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_signature"),
    )
    GroupPagePermission.objects.create(
        group=group,
        page=other_site.root_page,
        permission=Permission.objects.get(codename="change_page"),
    )
    user = django_user_model.objects.create_user("lyon", "lyon@example.org", "pw")
    user.groups.add(group)
    assert Signature.objects.filter(petition=local).count() == 1, "signed on the Lyon site"
    from rostra_petitions.admin.access import petitions_for

    assert list(petitions_for(user)) == [local]
    client.force_login(user)
    listing = client.get("/admin/petitions/signatures/").content.decode()
    assert "lyon@example.org" in listing and "national@example.org" not in listing
    export = b"".join(
        client.get("/admin/petitions/signatures/?export=csv").streaming_content
    ).decode()
    assert "lyon@example.org" in export and "national@example.org" not in export
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    for url in (f"/admin/petitions/{petition.pk}/", "/admin/petitions/trending/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_the_petitions_overview_asks_the_same_queries_for_ten_petitions_as_for_one(
    staff, petition, django_assert_max_num_queries
):
    staff.get("/admin/petitions/")  # makes the petition's state once
    with django_assert_max_num_queries(1000) as one:
        assert staff.get("/admin/petitions/").status_code == 200
    # Read now: the next request clears the connection's query log.
    queries_for_one = len(one.captured_queries)
    home = petition.get_parent()
    for index in range(9):
        home.add_child(
            instance=PetitionPage(title=f"P{index}", slug=f"p{index}", intro="x", goal=10)
        ).save_revision().publish()
    staff.get("/admin/petitions/")  # makes the new pages' states once
    with django_assert_max_num_queries(queries_for_one):
        overview = staff.get("/admin/petitions/").content.decode()
    assert overview.count('href="/admin/petitions/') >= 10
