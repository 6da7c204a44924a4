"""Places on a shift on PostgreSQL: concurrent sign-ups never over-fill it."""

import threading

import pytest
from django.db import connection
from rostra.people import api

from rostra_organising.volunteering import shifts
from rostra_organising.volunteering.models import ShiftSignup, Volunteer

from .test_shifts import make_shift

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_30_concurrent_sign_ups_for_8_places_give_exactly_8(national_site):
    shift = make_shift(national_site, capacity=8)
    volunteers = []
    for number in range(30):
        person, _ = api.find_or_create(email=f"v{number}@example.org")
        volunteers.append(Volunteer.objects.create(person=person, first_name="V", last_name="W"))
    start = threading.Barrier(len(volunteers))
    outcomes, errors = [], []

    def run(volunteer):
        try:
            start.wait()
            shifts.sign_up(shift.pk, volunteer=volunteer)
            outcomes.append("in")
        except shifts.ShiftFull:
            outcomes.append("full")
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(v,)) for v in volunteers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    assert outcomes.count("in") == 8 and outcomes.count("full") == 22
    assert ShiftSignup.objects.filter(shift=shift, status="confirmed").count() == 8
