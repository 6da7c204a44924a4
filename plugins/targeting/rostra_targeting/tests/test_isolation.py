"""Every URL of the plugin walked as the candidate whose data it is, as another
candidate, and as a user without the electoral-list permission: nothing of
the list leaks, and every access to it is logged (and only those)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from rostra.scoping import Area
from wagtail import hooks

from rostra_targeting.models import ListAccess, ResultsImport, Strategy, WalkList
from rostra_targeting.tests.conftest import in_english
from rostra_targeting.tests.test_canvassing import electoral_list, strategy  # noqa: F401
from rostra_targeting.tests.test_scoring import both  # noqa: F401

ALL = [
    "access_admin",
    "view_pollingstation",
    "use_electoral_list",
    "add_doorvisit",
    "add_resultsimport",
    "add_indicatorset",
    "view_strategy",
    "change_strategy",
    "view_bloc",
    "view_nuancebloc",
    "view_election",
]
TERRITORIES = {"lyon": ("69383",), "ain": ("01004",)}


def _user(django_user_model, name, codenames):
    user = django_user_model.objects.create_user(name)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return in_english(user)


def _territory(user):
    communes = TERRITORIES.get(user.username)
    return [Area(communes=communes)] if communes else None


@pytest.fixture
def urls(strategy, electoral_list):  # noqa: F811
    walk_list = WalkList.objects.create(electoral_list=electoral_list, station_code="69383_0101")
    job = ResultsImport.objects.create(election=strategy.reference, filename="r.csv")
    pk, list_pk = strategy.pk, electoral_list.pk
    return {
        "imports": reverse("targeting_admin:imports"),
        "register": reverse("targeting_admin:register"),
        "outlines": reverse("targeting_admin:outlines"),
        "import": reverse("targeting_admin:import", args=[job.pk]),
        "ranking": reverse("targeting_admin:ranking", args=[pk]),
        "station": reverse("targeting_admin:station", args=[pk, "69383_0101"]),
        "export_csv": reverse("targeting_admin:export", args=[pk, "csv"]),
        "export_xlsx": reverse("targeting_admin:export", args=[pk, "xlsx"]),
        "walk_list_pdf": reverse("targeting_admin:walk_list_pdf", args=[walk_list.pk]),
        "indicators": reverse("targeting_admin:indicators"),
        "lists": reverse("targeting_admin:lists"),
        "list": reverse("targeting_admin:list", args=[list_pk]),
        "list_export": reverse("targeting_admin:list_export", args=[list_pk]),
        "strategies": reverse("targeting_strategies:index"),
        "strategy_edit": reverse("targeting_strategies:edit", args=[pk]),
        "nuances": reverse("targeting_nuances:index"),
        "blocs": reverse("targeting_blocs:index"),
        "elections": reverse("targeting_elections:index"),
        "canvass": reverse("targeting:canvass"),
        "walk": reverse("targeting:walk", args=[walk_list.pk]),
        "service_worker": reverse("targeting:service_worker"),
    }


def _leaks(content):
    """What of Lyon's electoral list and stations a page or file shows."""
    text = content.decode("utf-8", "replace")
    return [secret for secret in ("69383_0101", "69383_0102", "Rue Paul Bert") if secret in text]


def _walk(client, user, urls):
    client.force_login(user)
    seen = {}
    with hooks.register_temporarily("areas_for_user", _territory):
        for name, url in urls.items():
            response = client.get(url)
            seen[name] = (response.status_code, _leaks(response.content))
    return seen


def test_the_candidate_sees_their_own(client, django_user_model, urls):
    lyon = _user(django_user_model, "lyon", ALL)
    seen = _walk(client, lyon, urls)
    assert {name: status for name, (status, _) in seen.items() if status != 200} == {}
    assert seen["list_export"][1] and seen["walk"][1] and seen["ranking"][1]
    logged = list(ListAccess.objects.filter(user=lyon).values_list("action", flat=True))
    assert sorted(logged) == ["export", "view", "walk"]


def test_another_candidate_sees_nothing_of_it(client, django_user_model, urls):
    ain = _user(django_user_model, "ain", ALL)
    seen = _walk(client, ain, urls)
    leaked = {name: leaks for name, (status, leaks) in seen.items() if status == 200 and leaks}
    assert leaked == {}
    for name in ("station", "walk_list_pdf", "list", "list_export", "walk"):
        assert seen[name][0] == 404, name
    assert ListAccess.objects.filter(user=ain).count() == 0


def test_without_the_list_permission_the_list_stays_closed(client, django_user_model, urls):
    analyst = _user(django_user_model, "analyst", [c for c in ALL if c != "use_electoral_list"])
    seen = _walk(client, analyst, urls)
    for name in ("lists", "list", "list_export", "walk_list_pdf"):
        assert seen[name][0] == 302, name
    leaked = {name for name, (status, leaks) in seen.items() if "Rue Paul Bert" in leaks}
    # The canvassing page shows a walk list's streets (its job) to a canvasser of
    # the territory; nothing else shows the list.
    assert leaked <= {"walk"}
    assert ListAccess.objects.filter(user=analyst).count() == 0
    assert Strategy.objects.count() == 1
