# ruff: noqa: F811 - the fixtures imported below are the tests' arguments
"""Walk lists from INSEE's register of addresses where no electoral list
covers a station: voters per address from the register, no name, nothing
logged on a list, printable with the scores' permission alone."""

import io

import pypdf
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from rostra_targeting import canvassing, register
from rostra_targeting.models import ListAccess, WalkList
from rostra_targeting.tests.conftest import in_english
from rostra_targeting.tests.test_canvassing import (  # noqa: F401 - fixtures
    electoral_list,
    organiser,
    strategy,
)
from rostra_targeting.tests.test_register import HEADER, _file
from rostra_targeting.tests.test_scoring import both  # noqa: F401 - a fixture

AIN = [  # Ambérieu-en-Bugey's station 1, for which nobody loaded an electoral list
    "01004,,01004_1,a,4 Rue de la Gare 01500 Ambérieu-en-Bugey,housenumber,0.9,5.3,45.9,,3,7",
    "01004,,01004_1,b,9 Rue de la Gare 01500 Ambérieu-en-Bugey,housenumber,0.9,5.3,45.9,,3,2",
    "01004,,01004_1,c,6 Place Sémard 01500 Ambérieu-en-Bugey,housenumber,0.9,5.3,45.9,,3,5",
]


def _load_register():
    reading = register.read(_file(AIN, header=HEADER))
    assert reading.errors == []
    register.store(reading)


def _pdf_text(content):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_a_station_without_a_list_gets_its_walk_list_from_the_register(
    client, organiser, strategy, electoral_list
):
    _load_register()
    client.force_login(organiser)
    url = reverse("targeting_admin:station_walk_list", args=[strategy.pk, "01004_0001"])
    response = client.post(url)
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Polling station 01004_0001" in text and "Rue de la Gare" in text
    walk_list = WalkList.objects.get(station_code="01004_0001")
    assert walk_list.electoral_list is None and walk_list.commune_code == "01004"
    with translation.override("en"):  # the request left the admin's language active
        streets = {street.name: street for street in canvassing.addresses(walk_list)}
    assert [(side.label, side.addresses) for side in streets["Rue de la Gare"].sides] == [
        ("Even numbers", [("4", 7)]),
        ("Odd numbers", [("9", 2)]),
    ]
    assert not ListAccess.objects.filter(action="walk").exists()  # the register is no list
    # The canvasser's phone shows its doors, and the ranking counts what is left.
    page = client.get(reverse("targeting:walk", args=[walk_list.pk])).content.decode()
    assert "Place Sémard" in page and "7 voters" in page
    assert canvassing.progress_by_station(["01004_0001"])["01004_0001"].addresses == 3


def test_the_top_stations_take_the_list_where_there_is_one_and_the_register_elsewhere(
    client, organiser, strategy, electoral_list
):
    _load_register()
    client.force_login(organiser)
    response = client.post(reverse("targeting_admin:walk_lists", args=[strategy.pk]), {"top": 4})
    assert response["Content-Type"] == "application/pdf"
    made = dict(WalkList.objects.values_list("station_code", "electoral_list"))
    assert made == {
        "97101_0003": electoral_list.pk - 1,  # the Abymes list, loaded first
        "69383_0101": electoral_list.pk,
        "69383_0102": electoral_list.pk,
        "01004_0001": None,
    }
    assert "Place Sémard" in _pdf_text(response.content)


def test_without_the_list_permission_only_the_register_prints(
    client, django_user_model, strategy, electoral_list
):
    _load_register()
    analyst = django_user_model.objects.create_user("analyst")
    analyst.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_pollingstation"])
    )
    client.force_login(in_english(analyst))
    lyon = reverse("targeting_admin:station_walk_list", args=[strategy.pk, "69383_0101"])
    refused = client.post(lyon, follow=True).content.decode()
    assert "No electoral list or register of addresses covers this station." in refused
    ain = reverse("targeting_admin:station_walk_list", args=[strategy.pk, "01004_0001"])
    assert client.post(ain)["Content-Type"] == "application/pdf"
    from_list = WalkList.objects.create(electoral_list=electoral_list, station_code="69383_0101")
    from_register = WalkList.objects.get(station_code="01004_0001")
    pdf = reverse("targeting_admin:walk_list_pdf", args=[from_register.pk])
    assert client.get(pdf)["Content-Type"] == "application/pdf"
    assert (
        client.get(reverse("targeting_admin:walk_list_pdf", args=[from_list.pk])).status_code == 302
    )
    assert ListAccess.objects.filter(user=analyst).count() == 0
