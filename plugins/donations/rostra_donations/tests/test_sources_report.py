"""The sources report: Wagtail's report listing, a measure that says what it
is (gifts per visit, 10 gifts from 8 visits is 1,25, never "125 %"), sorted,
filtered by site, exported, and a treasurer's own sites only."""

import re

import pytest
from django.utils import timezone

from rostra_donations.models import SourceVisit
from rostra_donations.tests.test_ledger_screen import body, gift

pytestmark = pytest.mark.django_db


def cell_texts(html):
    # Spaces of the markup only: a non-breaking space is part of the text.
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    return [re.sub(r"[ \t\r\n]+", " ", cell).strip() for cell in cells]


def test_gifts_per_visit_can_pass_one_and_is_named_for_it(
    client, admin_user, national_site, donation_page
):
    SourceVisit.objects.create(
        page=donation_page, day=timezone.localdate(), source="affiche", views=8
    )
    SourceVisit.objects.create(page=donation_page, day=timezone.localdate(), source="mail", views=4)
    for index in range(10):
        gift(national_site, f"Donateur{index}", 1000, refcode="affiche")
    gift(national_site, "Unique", 2000, refcode="mail")
    client.force_login(admin_user)
    html = client.get("/admin/donations/sources/").content.decode()
    assert 'id="filters-drilldown"' in html and "?ordering=per_visit" in html
    cells = cell_texts(html)
    affiche = cells[cells.index("affiche") : cells.index("affiche") + 5]
    assert affiche == ["affiche", "8", "10", "100\xa0€", "1,25"]
    assert "Dons par visite" in html and "125" not in html and "Conversion" not in html
    for ordering, expected in (
        ("-per_visit", ["affiche", "mail"]),
        ("per_visit", ["mail", "affiche"]),
    ):
        listed = cell_texts(
            client.get(f"/admin/donations/sources/?ordering={ordering}").content.decode()
        )
        assert [c for c in listed if c in ("affiche", "mail")] == expected
    csv = body(client.get("/admin/donations/sources/?export=csv")).decode("utf-8-sig")
    lines = csv.strip().splitlines()
    assert lines[1:] == ["affiche,8,10,100.00,1.25", "mail,4,1,20.00,0.25"]


def test_a_treasurer_sees_the_sources_of_their_sites_only(
    client,
    treasurer_of,
    national_site,
    other_site,
):
    gift(national_site, "Nationale", 1000, refcode="national-secret")
    gift(other_site, "Lyonnaise", 1000, refcode="lyon-tract")
    client.force_login(treasurer_of(other_site))
    for url in (
        "/admin/donations/sources/",
        "/admin/donations/sources/results/",
        f"/admin/donations/sources/?site={national_site.pk}",
        "/admin/donations/sources/?export=csv",
        "/admin/donations/sources/?export=xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        content = body(response)
        assert b"national-secret" not in content, url
    assert b"lyon-tract" in body(client.get("/admin/donations/sources/?export=csv"))


def test_the_sources_need_the_treasurer_permission(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("redacteur", "r@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get("/admin/donations/sources/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
