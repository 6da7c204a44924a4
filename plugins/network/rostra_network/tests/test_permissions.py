"""What a candidate's team can and cannot do with their rights."""

import re

from django.contrib.auth.models import Group, Permission
from rostra.people import api
from wagtail.models import Page

from rostra_network.tests.conftest import reads_english


def cells(row):
    return [" ".join(cell.split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def login(client, candidate):
    reads_english(candidate.user)
    client.force_login(candidate.user)


def test_a_candidate_edits_and_publishes_their_own_home(candidate_a, client):
    login(client, candidate_a)
    home = candidate_a.site.root_page.specific
    response = client.post(
        f"/admin/pages/{home.pk}/edit/",
        {
            "title": "Alice Martin, pour Lyon",
            "slug": home.slug,
            "body-count": "0",
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    home.refresh_from_db()
    assert (home.title, home.live, home.has_unpublished_changes) == (
        "Alice Martin, pour Lyon",
        True,
        False,
    )


def test_cannot_publish_outside_their_tree(candidate_a, candidate_b, national_site, client):
    login(client, candidate_a)
    for page in (national_site.root_page, candidate_b.site.root_page):
        title = page.title
        response = client.post(
            f"/admin/pages/{page.pk}/edit/",
            {"title": "Hacked", "slug": page.slug, "body-count": "0", "action-publish": "1"},
        )
        assert (response.status_code, response["Location"]) == (302, "/admin/")
        page.refresh_from_db()
        assert page.title == title
        response = client.post(
            f"/admin/pages/add/pages/standardpage/{page.pk}/",
            {"title": "Planted", "slug": "planted", "body-count": "0", "action-publish": "1"},
        )
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not Page.objects.filter(slug="planted").exists()


def test_cannot_move_a_page_out_of_their_tree(candidate_a, national_site, client):
    login(client, candidate_a)
    home = candidate_a.site.root_page
    page = home.get_children().first()
    # Wagtail refuses a move under another site's page, and one to the tree's
    # root, with its permission-denied page (a redirect and a message).
    for destination, refused in (
        (national_site.root_page, (302, "/admin/")),
        (Page.get_first_root_node(), (302, "/admin/")),
    ):
        response = client.post(f"/admin/pages/{page.pk}/move/{destination.pk}/confirm/")
        assert (response.status_code, response.get("Location")) == refused
        page.refresh_from_db()
        assert page.get_parent().pk == home.pk
    # Nor can the home itself be moved under the national site.
    client.post(f"/admin/pages/{home.pk}/move/{national_site.root_page.pk}/confirm/")
    home.refresh_from_db()
    assert home.depth == 2


def test_cannot_raise_their_own_permissions(candidate_a, client):
    login(client, candidate_a)
    user, group = candidate_a.user, candidate_a.group
    before = set(group.permissions.values_list("pk", flat=True))
    every_permission = list(Permission.objects.values_list("pk", flat=True))
    response = client.post(
        f"/admin/groups/edit/{group.pk}/",
        {"name": group.name, "permissions": every_permission},
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    response = client.post(
        f"/admin/users/edit/{user.pk}/",
        {
            "username": user.username,
            "email": user.email,
            "is_superuser": "on",
            "groups": list(Group.objects.values_list("pk", flat=True)),
        },
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    # The account page changes name, email, language: never rights.
    client.post(
        "/admin/account/",
        {"name_email-first_name": "A", "name_email-email": user.email, "is_superuser": "on"},
    )
    user.refresh_from_db()
    assert not user.is_superuser and not user.is_staff
    assert list(user.groups.values_list("pk", flat=True)) == [group.pk]
    assert set(group.permissions.values_list("pk", flat=True)) == before
    for url in ("/admin/groups/", "/admin/users/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_sees_only_supporters_of_their_territory_or_site(
    candidate_a, candidate_b, national_site, client
):
    from rostra.people.models import TimelineEntry

    lyon, _ = api.find_or_create(
        email="lyonnaise@example.org", last_name="Lyonnaise", postcode="69003", commune="Lyon"
    )
    paris, _ = api.find_or_create(
        email="parisien@example.org", last_name="Parisien", postcode="75011", commune="Paris"
    )
    visitor, _ = api.find_or_create(
        email="visiteur@example.org", last_name="Visiteur", postcode="33000", commune="Bordeaux"
    )
    api.add_to_timeline(
        visitor, kind=TimelineEntry.Kind.SIGNATURE, summary="Signed", site=candidate_a.site
    )
    lille, _ = api.find_or_create(
        email="lilloise@example.org", last_name="Lilloise", postcode="59000", commune="Lille"
    )
    login(client, candidate_a)
    page = client.get("/admin/people/person/").content.decode()
    assert "Lyonnaise" in page and "Visiteur" in page
    assert "Parisien" not in page and "Lilloise" not in page
    for person in (paris, lille):
        response = client.get(f"/admin/people/person/inspect/{person.pk}/")
        assert response.status_code == 404
    assert client.get(f"/admin/people/person/inspect/{lyon.pk}/").status_code == 200


def test_national_staff_see_everyone_and_figures_per_site(
    candidate_a, candidate_b, admin_user, client
):
    api.find_or_create(email="p1@example.org", last_name="Un", site=candidate_a.site)
    api.find_or_create(email="p2@example.org", last_name="Deux", site=candidate_a.site)
    api.find_or_create(email="p3@example.org", last_name="Trois", site=candidate_b.site)
    client.force_login(admin_user)
    page = client.get("/admin/people/person/").content.decode()
    assert all(name in page for name in ("Un", "Deux", "Trois"))
    rows = client.get("/admin/network/").content.decode()
    lyon_row = rows[rows.index("lyon.localhost") :].split("</tr>")[0]
    lille_row = rows[rows.index("lille.localhost") :].split("</tr>")[0]
    assert "2" in cells(lyon_row)
    assert "1" in cells(lille_row)


def test_the_dashboard_names_the_candidates_own_site(candidate_a, candidate_b, client):
    login(client, candidate_a)
    candidate_a.site.site_name = "Lyon avec Alice"
    candidate_a.site.save()
    page = client.get("/admin/").content.decode()
    assert "Lyon avec Alice" in page
    assert candidate_b.site.site_name not in page


def test_a_national_url_shows_wagtails_permission_denied_page(candidate_a, client):
    """Not a bare "403 Forbidden": the dashboard, with Wagtail's message."""
    login(client, candidate_a)
    for url in ("/admin/reports/site-history/", "/admin/forms/"):
        response = client.get(url, follow=True)
        assert response.redirect_chain == [("/admin/", 302)], url
        assert response.status_code == 200
        page = response.content.decode()
        assert "Sorry, you do not have permission to access this area." in page
    # A script asking in the background still gets a plain refusal.
    response = client.get("/admin/forms/", headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 403
