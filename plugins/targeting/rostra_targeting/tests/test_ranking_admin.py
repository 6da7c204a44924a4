"""The ranked table, a station's explanation, the exports, the indicators
import, and a candidate seeing only their territory."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from rostra.scoping import Area
from wagtail import hooks

from rostra_targeting.models import Bloc, IndicatorColumn, PollingStation, Strategy
from rostra_targeting.tests.conftest import in_english
from rostra_targeting.tests.test_scoring import both  # noqa: F401 - a fixture


@pytest.fixture
def strategy(both):  # noqa: F811
    return Strategy.objects.create(
        name="Gauche 2024",
        bloc=Bloc.objects.get(code="gauche"),
        reference=both[1],
        swing_from=both[0],
        weight_potential=2,
        weight_closeness=1,
    )


@pytest.fixture
def strategist(db, django_user_model):
    user = django_user_model.objects.create_user("strategist", password="x")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "access_admin",
                "view_pollingstation",
                "view_strategy",
                "add_strategy",
                "add_indicatorset",
            ]
        )
    )
    return in_english(user)


def test_the_ranking_shows_each_rows_why_and_a_map(client, strategist, strategy):
    client.force_login(strategist)
    page = client.get(reverse("targeting_admin:ranking", args=[strategy.pk])).content.decode()
    assert "4 polling stations ranked." in page
    assert "1000 registered × 40.0 % abstention × 42.9 % for Gauche = 171 voters" in page
    assert "<svg" in page and "No outlines imported: each commune is a square." in page
    table = page[page.index('<table class="listing">') :]
    assert table.index("Les Abymes") < table.index("Ambérieu-en-Bugey")  # rank 1 before rank 4


def test_a_station_explains_its_rank(client, strategist, strategy):
    client.force_login(strategist)
    url = reverse("targeting_admin:station", args=[strategy.pk, "69383_0102"])
    page = client.get(url).content.decode()
    assert "Rank " in page and "Closeness to the lead" in page
    assert "first bloc " in page and "Contribution" in page
    missing = reverse("targeting_admin:station", args=[strategy.pk, "99999_0001"])
    assert client.get(missing).status_code == 404


def test_exports_are_formula_safe(client, strategist, strategy):
    # A name starting like a formula (from an imported register) must not run.
    PollingStation.objects.filter(code="97101_0003").update(name='=HYPERLINK("http://x")')
    client.force_login(strategist)
    csv = client.get(reverse("targeting_admin:export", args=[strategy.pk, "csv"]))
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[1].startswith('1,97101_0003,Les Abymes,"\'=HYPERLINK(""http://x"")"')
    book = load_workbook(
        io.BytesIO(
            client.get(reverse("targeting_admin:export", args=[strategy.pk, "xlsx"])).content
        )
    )
    sheet = book.active
    assert [cell.value for cell in sheet[2]][:4] == [
        1,
        "97101_0003",
        "Les Abymes",
        '\'=HYPERLINK("http://x")',
    ]
    assert len(list(sheet.rows)) == 5


def test_a_candidate_sees_only_their_territory(client, strategist, strategy):
    def lyon_only(user):
        return [Area(communes=("69383",))] if user.username == "strategist" else None

    client.force_login(strategist)
    with hooks.register_temporarily("areas_for_user", lyon_only):
        page = client.get(reverse("targeting_admin:ranking", args=[strategy.pk])).content.decode()
        assert "2 polling stations ranked." in page and "Les Abymes" not in page
        abymes = reverse("targeting_admin:station", args=[strategy.pk, "97101_0003"])
        assert client.get(abymes).status_code == 404
        text = client.get(reverse("targeting_admin:export", args=[strategy.pk, "csv"])).content
        assert b"97101" not in text and b"69383_0101" in text


def test_without_the_permission_nothing_is_shown(client, django_user_model, strategy):
    user = django_user_model.objects.create_user("nobody", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in (
        reverse("targeting_admin:ranking", args=[strategy.pk]),
        reverse("targeting_admin:station", args=[strategy.pk, "69383_0101"]),
        reverse("targeting_admin:export", args=[strategy.pk, "csv"]),
        reverse("targeting_admin:indicators"),
    ):
        assert client.get(url).status_code == 302, url


def test_indicators_are_imported_from_the_columns_picked(client, strategist, db):
    client.force_login(strategist)
    data = "CODGEO;LIBGEO;MED21;P21_POP\n69383;Lyon 3e;23 450,5;104000\n01004;Ambérieu;s;14000\n"

    def post(columns, content=data):
        return client.post(
            reverse("targeting_admin:indicators"),
            {
                "name": "Filosofi 2021",
                "level": "commune",
                "code_column": "CODGEO",
                "columns": columns,
                "file": SimpleUploadedFile("filo.csv", content.encode("latin-1")),
            },
        )

    refused = post("MED21, REVENU").content.decode()
    assert "No column “REVENU”. The file&#x27;s columns: CODGEO, LIBGEO, MED21, P21_POP." in refused
    assert post("MED21, P21_POP").status_code == 302
    median = IndicatorColumn.objects.get(name="MED21")
    assert dict(median.values.values_list("code", "value")) == {"69383": 23450.5}  # "s": secret
    bad = post("MED21", data + "6938;X;1;1\n").content.decode()
    assert "<td>4</td>" in bad and "is not a 5-character INSEE code" in bad


def test_a_strategy_is_saved_from_the_admin_form(client, strategist, both):  # noqa: F811
    client.force_login(strategist)
    response = client.post(
        reverse("targeting_strategies:add"),
        {
            "name": "Abstentionnistes",
            "bloc": Bloc.objects.get(code="gauche").pk,
            "reference": both[1].pk,
            "swing_from": "",
            "weight_potential": "1",
            "weight_swing": "1",
            "weight_closeness": "0",
            "indicator": "",
            "weight_indicator": "0",
        },
    )
    assert response.status_code == 200 and "A swing needs an earlier election." in (
        response.content.decode()
    )
