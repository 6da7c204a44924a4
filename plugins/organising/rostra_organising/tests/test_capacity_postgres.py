"""Capacity on PostgreSQL: concurrent RSVPs, cancels and promotions never
over-fill an event."""

import threading

import pytest
from django.db import connection
from django.test import Client

from rostra_organising.events import seats
from rostra_organising.events.models import Rsvp

from .conftest import form_data, make_event

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 40  # PostgreSQL's default max_connections is 100


def _in_threads(work, items, threads=THREADS):
    chunks = [items[index::threads] for index in range(threads)]
    errors = []
    start = threading.Barrier(len(chunks))

    def run(chunk):
        try:
            start.wait()
            for item in chunk:
                work(item)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors, errors[:3]


def test_200_concurrent_rsvps_for_50_seats_give_50_confirmed_and_150_waitlisted(national_site):
    event = make_event(national_site, capacity=50)
    url = event.url + "rsvp/"
    forms = [form_data(email=f"p{number}@example.org") for number in range(200)]

    def post(number):
        response = Client().post(
            url, forms[number], REMOTE_ADDR=f"198.51.{number // 250}.{number % 250}"
        )
        assert response.status_code == 200, response.status_code

    _in_threads(post, list(range(200)))
    statuses = list(Rsvp.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count("confirmed") == 50
    assert statuses.count("waitlisted") == 150
    assert len(statuses) == 200


def test_concurrent_cancels_and_rsvps_never_over_fill(national_site):
    from rostra.people import api

    event = make_event(national_site, capacity=20)
    people = [api.find_or_create(email=f"q{number}@example.org")[0] for number in range(80)]
    held = []
    for person in people[:40]:
        held.append(
            seats.reserve(
                event.pk,
                person=person,
                first_name="A",
                last_name="B",
                email=person.email,
                postcode="69003",
            ).rsvp
        )
    confirmed = [rsvp.pk for rsvp in held if rsvp.status == "confirmed"]
    work = [("cancel", pk) for pk in confirmed[:15]] + [("rsvp", person) for person in people[40:]]

    def act(item):
        kind, what = item
        if kind == "cancel":
            seats.cancel(what)
        else:
            seats.reserve(
                event.pk,
                person=what,
                first_name="C",
                last_name="D",
                email=what.email,
                postcode="69003",
            )

    _in_threads(act, work, threads=20)
    confirmed_now = Rsvp.objects.filter(event=event, status="confirmed").count()
    assert confirmed_now == 20  # every freed seat refilled, never more
    # The promoted came from the waitlist in the order they joined it.
    promoted = Rsvp.objects.filter(event=event, promoted_at__isnull=False)
    assert promoted.count() >= 1
