"""Walk lists (streets, even and odd apart, voters per address; PDF in a batch),
the phone page, the idempotent sync, sign-ups at the door, progress."""

import datetime
import io
import json
import uuid

import pypdf
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rostra.people.models import Consent, Person
from rostra.scoping import Area
from wagtail import hooks

from rostra_targeting import canvassing, electoral_lists
from rostra_targeting.models import (
    Bloc,
    DoorVisit,
    ElectoralList,
    ListAccess,
    Strategy,
    Voter,
    WalkList,
)
from rostra_targeting.tests.conftest import in_english
from rostra_targeting.tests.test_scoring import both  # noqa: F401 - a fixture

VOTERS = [
    ("69383_0101", "12", "Rue Paul Bert"),
    ("69383_0101", "12", "Rue Paul Bert"),
    ("69383_0101", "7", "Rue Paul Bert"),
    ("69383_0101", "3 bis", "Rue Paul Bert"),
    ("69383_0101", "2", "Cours Gambetta"),
    ("69383_0102", "5", "Rue Garibaldi"),
    ("97101_0003", "1", "Rue Schoelcher"),
]


@pytest.fixture
def electoral_list(both):  # noqa: F811
    def make(commune):
        reading = electoral_lists.ListReading(
            voters=[
                Voter(station_code=station, name="X", house_number=number, street=street)
                for station, number, street in VOTERS
                if station.startswith(commune)
            ]
        )
        return electoral_lists.load(
            reading, election=both[1], commune_code=commune, user=None, filename="l.csv"
        )

    make("97101")
    return make("69383")


@pytest.fixture
def strategy(both):  # noqa: F811
    return Strategy.objects.create(
        name="Gauche", bloc=Bloc.objects.get(code="gauche"), reference=both[1]
    )


@pytest.fixture
def organiser(db, django_user_model):
    user = django_user_model.objects.create_user("organiser", email="o@example.org")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "access_admin",
                "view_pollingstation",
                "use_electoral_list",
                "add_doorvisit",
            ]
        )
    )
    return in_english(user)


def test_addresses_by_street_even_and_odd_apart_with_voters(electoral_list):
    walk_list = WalkList.objects.create(electoral_list=electoral_list, station_code="69383_0101")
    streets = canvassing.addresses(walk_list)
    assert [street.name for street in streets] == ["Cours Gambetta", "Rue Paul Bert"]
    paul_bert = streets[1]
    assert [(side.label, side.addresses) for side in paul_bert.sides] == [
        ("Even numbers", [("12", 2)]),
        ("Odd numbers", [("3 bis", 1), ("7", 1)]),
    ]


def _pdf_text(content):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_top_stations_walk_lists_print_in_one_pdf_and_are_logged(
    client, organiser, strategy, electoral_list
):
    client.force_login(organiser)
    response = client.post(reverse("targeting_admin:walk_lists", args=[strategy.pk]), {"top": 2})
    assert response["Content-Type"] == "application/pdf"
    # The two best-ranked stations with voters on a list: Les Abymes, then Lyon 0101.
    assert list(WalkList.objects.order_by("rank").values_list("station_code", flat=True)) == [
        "97101_0003",
        "69383_0101",
    ]
    text = _pdf_text(response.content)
    assert "Polling station 97101_0003" in text and "Rue Paul Bert" in text
    assert "Odd numbers" in text and len(pypdf.PdfReader(io.BytesIO(response.content)).pages) == 2
    assert ListAccess.objects.filter(action="walk", user=organiser).count() == 2
    one = WalkList.objects.get(station_code="69383_0101")
    single = client.get(reverse("targeting_admin:walk_list_pdf", args=[one.pk]))
    assert "Cours Gambetta" in _pdf_text(single.content)


def test_a_station_s_explanation_prints_its_walk_list(client, organiser, strategy, electoral_list):
    client.force_login(organiser)
    page = client.get(reverse("targeting_admin:station", args=[strategy.pk, "69383_0101"]))
    url = reverse("targeting_admin:station_walk_list", args=[strategy.pk, "69383_0101"])
    assert url in page.content.decode()
    response = client.post(url)
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Polling station 69383_0101" in text and "Cours Gambetta" in text
    assert "Rue Garibaldi" not in text  # another station's street
    assert list(WalkList.objects.values_list("station_code", "created_by")) == [
        ("69383_0101", organiser.pk)
    ]
    assert ListAccess.objects.filter(action="walk", user=organiser).count() == 1
    # A station no list covers (Ain): said so on its page, nothing printed.
    ain = reverse("targeting_admin:station_walk_list", args=[strategy.pk, "01004_0001"])
    refused = client.post(ain, follow=True)
    assert (
        "No electoral list or register of addresses covers this station."
        in refused.content.decode()
    )
    assert WalkList.objects.count() == 1


def test_the_walk_lists_go_with_their_electoral_list(electoral_list):
    WalkList.objects.create(electoral_list=electoral_list, station_code="69383_0101")
    electoral_list.delete_after = datetime.date(2020, 1, 1)
    electoral_list.save()
    electoral_lists.purge(now=datetime.datetime(2026, 12, 7, tzinfo=datetime.UTC), dry_run=False)
    assert not WalkList.objects.filter(station_code="69383_0101").exists()
    assert not ElectoralList.objects.filter(pk=electoral_list.pk).exists()


def _visit(walk_list, outcome="talked", number="12", street="Rue Paul Bert", **extra):
    return {
        "id": str(uuid.uuid4()),
        "walk_list": walk_list.pk,
        "street": street,
        "number": number,
        "outcome": outcome,
        "at": "2026-06-01T10:00:00+02:00",
        **extra,
    }


def _sync(client, visits):
    return client.post(
        reverse("targeting:sync"),
        json.dumps({"visits": visits}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_phone_page_and_its_sync(client, organiser, electoral_list):
    walk_list = WalkList.objects.create(electoral_list=electoral_list, station_code="69383_0101")
    client.force_login(organiser)
    page = client.get(
        reverse("targeting:walk", args=[walk_list.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Rue Paul Bert" in page and "2 voters" in page and "Wants news" in page
    assert 'data-sw-url="/_targeting/canvass/sw.js"' in page
    assert "https://" not in page and "http://" not in page  # no third-party request
    worker = client.get(reverse("targeting:service_worker"))
    assert worker["Content-Type"] == "text/javascript" and b"caches.open" in worker.content
    visits = [_visit(walk_list), _visit(walk_list, "not_in", "7")]
    assert _sync(client, visits).json() == {"stored": 2, "received": 2}
    assert _sync(client, visits).json() == {"stored": 0, "received": 2}  # replayed
    assert DoorVisit.objects.count() == 2
    bad = _sync(client, [{**visits[0], "outcome": "maybe"}])
    assert bad.status_code == 400 and bad.json()["error"] == "a door record is malformed"


def test_canvassing_is_refused_without_permission_or_outside_the_territory(
    client, organiser, electoral_list, django_user_model
):
    lyon = WalkList.objects.create(electoral_list=electoral_list, station_code="69383_0101")
    abymes_list = ElectoralList.objects.get(commune_code="97101")
    abymes = WalkList.objects.create(electoral_list=abymes_list, station_code="97101_0003")
    client.force_login(organiser)

    def lyon_only(user):
        return [Area(communes=("69383",))] if user.username == "organiser" else None

    with hooks.register_temporarily("areas_for_user", lyon_only):
        assert client.get(reverse("targeting:walk", args=[abymes.pk])).status_code == 404
        index = client.get(reverse("targeting:canvass")).content.decode()
        assert "69383_0101" in index and "97101_0003" not in index
        assert _sync(client, [_visit(abymes)]).status_code == 400
        assert (
            client.get(reverse("targeting_admin:walk_list_pdf", args=[abymes.pk])).status_code
            == 404
        )
        assert _sync(client, [_visit(lyon)]).status_code == 200
    nobody = django_user_model.objects.create_user("nobody")
    client.force_login(nobody)
    assert client.get(reverse("targeting:walk", args=[lyon.pk])).status_code == 403
    assert _sync(client, [_visit(lyon)]).status_code == 403


def test_a_door_sign_up_goes_through_the_people_api_with_the_wording(
    client, organiser, electoral_list
):
    walk_list = WalkList.objects.create(electoral_list=electoral_list, station_code="69383_0101")
    client.force_login(organiser)
    _sync(
        client,
        [
            _visit(walk_list, "news", email="camille@example.org", consent=True),
            _visit(walk_list, "favourable", "7", email="no-consent@example.org"),
        ],
    )
    person = Person.objects.get()
    assert person.email == "camille@example.org"
    consent = Consent.objects.get(person=person)
    assert consent.purpose == "canvassing_news" and consent.granted
    assert consent.wording == canvassing.CONSENT_WORDING
    assert "69383_0101" in consent.where_detail
    # The door keeps no link to anyone, and no email.
    fields = {f.name for f in DoorVisit._meta.get_fields()}
    assert not fields & {"person", "email", "name"}


def test_only_a_favourable_door_with_an_email_and_consent_stores_a_person(
    organiser, electoral_list
):
    walk_list = WalkList.objects.create(electoral_list=electoral_list, station_code="69383_0101")
    signing = [
        _visit(walk_list, outcome, number, email=f"{outcome}@example.org", consent=True)
        for number, outcome in (("2", "favourable"), ("3 bis", "volunteer"), ("7", "news"))
    ]
    nothing_personal = [
        _visit(walk_list, "talked", email="talked@example.org", consent=True),
        _visit(walk_list, "not_interested", email="no@example.org", consent=True),
        _visit(walk_list, "news", email="no-consent@example.org"),
        _visit(walk_list, "news", email="not an address", consent=True),
        _visit(walk_list, "favourable"),  # no email at all
    ]
    canvassing.sync(signing + nothing_personal, organiser)
    canvassing.sync(signing, organiser)  # the phone sends them again: found, not doubled
    people = Person.objects.order_by("email")
    assert [p.email for p in people] == [
        "favourable@example.org",
        "news@example.org",
        "volunteer@example.org",
    ]
    for person in people:
        consent = Consent.objects.get(person=person)
        assert consent.granted and consent.wording == canvassing.CONSENT_WORDING
        # Nothing taken from the electoral list: the voters there stay unnamed to the people API.
        assert not person.first_name and not person.last_name
    assert Consent.objects.count() == 3
    assert DoorVisit.objects.count() == len(signing + nothing_personal)
    assert not {f.name for f in Voter._meta.get_fields()} & {"person", "email"}


def test_progress_is_fed_back_into_the_ranking(client, organiser, strategy, electoral_list):
    walk_list = WalkList.objects.create(electoral_list=electoral_list, station_code="69383_0101")
    canvassing.sync([_visit(walk_list), _visit(walk_list, "not_in", "7")], organiser)
    progress = canvassing.progress_by_station()["69383_0101"]
    assert (progress.addresses, progress.knocked, progress.contacts, progress.to_do) == (4, 2, 1, 2)
    assert progress.contact_rate == 0.5
    assert canvassing.progress_by_canvasser() == {"organiser": (2, 1)}
    client.force_login(organiser)
    page = client.get(reverse("targeting_admin:ranking", args=[strategy.pk])).content.decode()
    assert "Canvassing: 2 of 4 addresses knocked, still to do 2" in page and "50 %" in page


def test_the_ranking_shows_what_is_left_and_can_order_by_it(
    client, organiser, strategy, electoral_list
):
    walk_list = WalkList.objects.create(electoral_list=electoral_list, station_code="69383_0101")
    canvassing.sync(
        [_visit(walk_list), _visit(walk_list, "not_in", "7"), _visit(walk_list, "news", "2")],
        organiser,
    )
    client.force_login(organiser)
    url = reverse("targeting_admin:ranking", args=[strategy.pk])

    def order(page):
        codes = ["69383_0101", "69383_0102", "97101_0003", "01004_0001"]
        found = {code: page.find(f"/stations/{code}/") for code in codes}
        return sorted((at, code) for code, at in found.items() if at >= 0)

    by_score = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Still to do" in by_score
    assert "1 of 4 addresses" in by_score and "1 of 1 addresses" in by_score
    left = client.get(url, {"order": "to_do"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Lyon 0101 and 0102 have one address left each (0101 ranks higher by score
    # among the equals); stations without a walk list follow, in the score's order.
    codes = [code for _at, code in order(left)]
    assert codes[:2] == ["69383_0101", "69383_0102"]
    score_order = [code for _at, code in order(by_score)]
    assert codes[2:] == [code for code in score_order if code not in codes[:2]]
    assert client.get(url, {"order": "nonsense"}).status_code == 200


def test_what_is_left_orders_the_rows():
    from rostra_targeting.admin.strategies import by_what_is_left
    from rostra_targeting.canvassing import Progress
    from rostra_targeting.scoring import Row

    rows = [Row(n, f"S{n}", "69383", "", "", "") for n in range(1, 5)]
    for n, (row, progress) in enumerate(
        zip(rows, [None, Progress(10, 9, 3), Progress(10, 2, 1), Progress(5, 3, 1)], strict=True),
        start=1,
    ):
        row.rank, row.progress = n, progress
    assert [row.code for row in by_what_is_left(rows)] == ["S3", "S4", "S2", "S1"]


_OUTCOMES = st.sampled_from(DoorVisit.Outcome.values)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    doors=st.lists(
        st.tuples(st.sampled_from(["2", "7", "12"]), _OUTCOMES), min_size=1, max_size=12
    ),
    order=st.randoms(use_true_random=False),
    batch=st.integers(min_value=1, max_value=5),
)
def test_a_sync_replayed_or_out_of_order_gives_the_same_totals(
    organiser, electoral_list, doors, order, batch
):
    DoorVisit.objects.all().delete()
    walk_list, _ = WalkList.objects.get_or_create(
        electoral_list=electoral_list, station_code="69383_0101"
    )
    visits = [_visit(walk_list, outcome, number) for number, outcome in doors]
    canvassing.sync(visits, organiser)
    expected = canvassing.totals(), canvassing.progress_by_station()
    DoorVisit.objects.all().delete()
    shuffled = visits + visits  # every record sent twice…
    order.shuffle(shuffled)  # …in any order, in batches of any size
    for start in range(0, len(shuffled), batch):
        canvassing.sync(shuffled[start : start + batch], organiser)
    assert (canvassing.totals(), canvassing.progress_by_station()) == expected
    assert DoorVisit.objects.count() == len(visits)
