"""The electoral list: the permission, the territory, the access log, the
deletion on time (frozen clock), and never a supporter made of it."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rostra.people.models import Person
from rostra.scoping import Area
from wagtail import hooks

from rostra_targeting import electoral_lists
from rostra_targeting.models import Election, ElectoralList, ListAccess, Voter
from rostra_targeting.tests.conftest import in_english

LIST = (
    "Nom de naissance;Nom d'usage;Prénoms;Sexe;Date de naissance;Numéro de voie;"
    "Libellé de voie;Code postal;Commune;Bureau de vote\n"
    "MARTIN;MARTIN;Camille;F;01/02/1980;12;Rue Paul Bert;69003;Lyon;101\n"
    "DURAND;DURAND;Léa;F;03/04/1990;12;Rue Paul Bert;69003;Lyon;101\n"
    "PETIT;PETIT;Jules;M;05/06/1975;7;Cours Gambetta;69003;Lyon;102\n"
)


@pytest.fixture
def election(db):
    Election.objects.create(
        kind="municipales", year=2026, round=1, held_on=datetime.date(2026, 3, 15)
    )
    return Election.objects.create(
        kind="municipales", year=2026, round=2, held_on=datetime.date(2026, 3, 22)
    )


@pytest.fixture
def keeper(db, django_user_model):
    user = django_user_model.objects.create_user("keeper", email="keeper@example.org")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "use_electoral_list"])
    )
    return in_english(user)


def _load(client, election, commune="69383", data=LIST):
    return client.post(
        reverse("targeting_admin:lists"),
        {
            "election": election.pk,
            "commune_code": commune,
            "file": SimpleUploadedFile("liste.csv", data.encode("latin-1")),
        },
    )


def test_loading_stores_voters_by_station_logs_it_and_makes_no_supporter(client, keeper, election):
    client.force_login(keeper)
    people = Person.objects.count()
    response = _load(client, election)
    electoral_list = ElectoralList.objects.get()
    assert response.url == reverse("targeting_admin:list", args=[electoral_list.pk])
    assert list(Voter.objects.values_list("station_code", "name", "house_number", "street")) == [
        ("69383_0101", "Camille MARTIN", "12", "Rue Paul Bert"),
        ("69383_0101", "Léa DURAND", "12", "Rue Paul Bert"),
        ("69383_0102", "Jules PETIT", "7", "Cours Gambetta"),
    ]
    assert Person.objects.count() == people  # never enters the supporter database
    # Six months after the last round (22 March), not the first.
    assert electoral_list.delete_after == datetime.date(2026, 9, 22)
    assert list(ListAccess.objects.values_list("user__username", "action")) == [("keeper", "load")]


def test_every_view_and_export_is_logged(client, keeper, election):
    client.force_login(keeper)
    _load(client, election)
    electoral_list = ElectoralList.objects.get()
    page = client.get(reverse("targeting_admin:list", args=[electoral_list.pk])).content.decode()
    assert "Camille MARTIN" in page and "3 voters." in page
    export = client.get(reverse("targeting_admin:list_export", args=[electoral_list.pk]))
    assert "Jules PETIT" in export.content.decode("utf-8-sig")
    assert list(ListAccess.objects.order_by("at", "pk").values_list("action", flat=True)) == [
        "load",
        "view",
        "export",
    ]


def test_a_file_without_the_needed_columns_is_refused(client, keeper, election):
    client.force_login(keeper)
    page = _load(client, election, data="Nom;Prénom\nMARTIN;Camille\n").content.decode()
    assert "Columns not found: libelle de voie, bureau de vote" in page
    assert not ElectoralList.objects.exists()


def test_without_the_permission_every_url_is_refused(client, keeper, election, django_user_model):
    client.force_login(keeper)
    _load(client, election)
    pk = ElectoralList.objects.get().pk
    other = django_user_model.objects.create_user("other")
    other.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_pollingstation"])
    )
    client.force_login(other)
    for url in (
        reverse("targeting_admin:lists"),
        reverse("targeting_admin:list", args=[pk]),
        reverse("targeting_admin:list_export", args=[pk]),
    ):
        assert client.get(url).status_code == 302, url
    assert ListAccess.objects.filter(user=other).count() == 0


def test_a_candidate_sees_and_loads_lists_of_their_territory_only(client, keeper, election):
    client.force_login(keeper)
    _load(client, election)  # national staff: Lyon 3e
    pk = ElectoralList.objects.get().pk

    def ambérieu_only(user):
        return [Area(communes=("01004",))] if user.username == "keeper" else None

    with hooks.register_temporarily("areas_for_user", ambérieu_only):
        assert (
            "None in your territory."
            in client.get(reverse("targeting_admin:lists")).content.decode()
        )
        assert client.get(reverse("targeting_admin:list", args=[pk])).status_code == 404
        assert client.get(reverse("targeting_admin:list_export", args=[pk])).status_code == 404
        assert _load(client, election, commune="69383").status_code == 302
        assert ElectoralList.objects.count() == 1  # refused: not their commune
        _load(client, election, commune="01004")
        assert ElectoralList.objects.count() == 2
    assert ListAccess.objects.filter(electoral_list_id=pk).count() == 1  # the load only


def test_the_deletion_date_can_be_set(client, keeper, election):
    client.force_login(keeper)
    _load(client, election)
    electoral_list = ElectoralList.objects.get()
    client.post(
        reverse("targeting_admin:list", args=[electoral_list.pk]), {"delete_after": "2027-01-31"}
    )
    electoral_list.refresh_from_db()
    assert electoral_list.delete_after == datetime.date(2027, 1, 31)


def _at(day):
    return mock.patch(
        "django.utils.timezone.now",
        return_value=timezone.make_aware(datetime.datetime.combine(day, datetime.time(3))),
    )


def test_retention_reminds_then_deletes_on_time_with_a_frozen_clock(client, keeper, election):
    client.force_login(keeper)
    _load(client, election)
    electoral_list = ElectoralList.objects.get()
    with _at(datetime.date(2026, 9, 1)):
        call_command("apply_retention")
    assert ElectoralList.objects.exists() and mail.outbox == []
    with _at(datetime.date(2026, 9, 10)):  # 12 days before: the reminder, once
        call_command("apply_retention")
        call_command("apply_retention")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["keeper@example.org"]
    assert "deleted in 12 days" in mail.outbox[0].subject
    with _at(datetime.date(2026, 9, 22)):  # its last day: still there
        call_command("apply_retention")
    assert ElectoralList.objects.exists()
    with _at(datetime.date(2026, 9, 23)):
        call_command("apply_retention")
    assert not ElectoralList.objects.exists() and not Voter.objects.exists()
    deleted = ListAccess.objects.get(action="delete")
    assert deleted.list_label == str(electoral_list) and deleted.electoral_list is None


def test_default_deletion_without_a_polling_day(db):
    election = Election.objects.create(kind="europeennes", year=2024, round=1)
    obtained = datetime.date(2024, 5, 31)
    assert electoral_lists.default_deletion(election, obtained) == datetime.date(2024, 11, 30)
