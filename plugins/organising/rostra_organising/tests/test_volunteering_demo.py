"""The demo's volunteering: a form, volunteers and shifts on the national site
and on a candidate site, and a staffing table with gaps; loaded twice, the
same."""

import io

from rostra import polling_stations
from rostra.demo import Demo

from rostra_organising import demo
from rostra_organising.volunteering import staffing
from rostra_organising.volunteering.models import (
    Recruit,
    Shift,
    ShiftSignup,
    Volunteer,
    VolunteerPage,
)


def _register(commune_codes, constituency):
    return [
        polling_stations.PollingStation(
            code=f"69123_{number:04d}", commune_code="69123", number=f"{number:04d}"
        )
        for number in range(1, 6)
        if commune_codes is None or "69123" in commune_codes
    ]


def counts():
    return [
        model.objects.count() for model in (VolunteerPage, Volunteer, Shift, ShiftSignup, Recruit)
    ]


def test_the_demo_staffs_polling_stations_and_fills_shifts_once(
    national_site, other_site, admin_user
):
    polling_stations.register_source("demo-test", _register)
    try:
        loaded = Demo(stdout=io.StringIO(), site=national_site, home=national_site.root_page)
        demo.load(loaded)
        demo.finish(loaded)
        first = counts()
        demo.load(loaded)
        demo.finish(loaded)
        assert counts() == first
        assert VolunteerPage.objects.descendant_of(other_site.root_page).count() == 1
        assert Shift.objects.filter(site=other_site).count() == 3
        assert ShiftSignup.objects.filter(shift__site=national_site).exists()
        rows = staffing.by_commune(
            staffing.stations(admin_user, departement="69"),
            staffing.recruits_of(national_site),
        )
        lyon = next(row for row in rows if row["code"] == "69123")
        assert lyon["stations"] == 5 and 0 < lyon["gap"] < 20  # some posts filled, gaps left
        assert any(row["code"] == "69266" for row in rows)  # the uploaded stations
        assert Recruit.objects.filter(site=other_site).count() == 6
    finally:
        polling_stations.unregister_source("demo-test")
