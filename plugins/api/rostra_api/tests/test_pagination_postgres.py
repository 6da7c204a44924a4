"""Cursor pagination on PostgreSQL stays stable under concurrent writes: while
a tool pages through people, another connection creates people, updates
people not yet reached and erases people already passed. Nobody who was there
when the walk started is skipped, nobody is seen twice. (A page by offset
would skip one person per erasure behind the reader; a page ordered by
modified date would meet an updated person twice.)"""

import threading

import pytest
from django.db import connection
from rostra.people import api
from rostra.people.models import Person

from rostra_api.tests.conftest import ApiClient, key_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PEOPLE, PER_PAGE = 16, 4


class Writer(threading.Thread):
    """Writes one round (a person created, one updated ahead of the reader,
    one erased behind it) each time the reader has read a page, and keeps
    writing while the reader reads the next."""

    def __init__(self, site, start):
        super().__init__(daemon=True)
        self.site, self.ahead, self.behind = site, list(start), []
        self.cursor = 0  # the last id the reader has read
        self.rounds = 0
        self.created, self.updated, self.erased = [], [], []
        self.done = threading.Event()
        self.wrote = threading.Condition()
        self.errors = []

    def run(self):
        try:
            while not self.done.is_set():
                self.write_round()
                with self.wrote:
                    self.rounds += 1
                    self.wrote.notify_all()
        except Exception as error:  # surfaced by the test
            self.errors.append(error)
            with self.wrote:
                self.wrote.notify_all()
        finally:
            connection.close()

    def write_round(self):
        number = self.rounds
        person, _ = api.find_or_create(
            email=f"new{number}@example.org", first_name="Nouveau", site=self.site
        )
        self.created.append(person.pk)
        cursor = self.cursor
        ahead = [pk for pk in self.ahead if pk > cursor]
        if ahead:
            target = Person.objects.get(pk=ahead[len(ahead) // 2])
            api.update_person(target, {"first_name": f"Renommé {number}"}, site=self.site)
            self.updated.append(target.pk)
        passed = [pk for pk in self.ahead if pk <= cursor and pk not in self.erased]
        if passed:
            api.erase(Person.objects.get(pk=passed[0]))
            self.erased.append(passed[0])

    def wait_for_a_round(self):
        with self.wrote:
            seen = self.rounds
            self.wrote.wait_for(lambda: self.rounds > seen or self.errors, timeout=30)


def test_a_walk_through_people_while_they_are_written_skips_and_repeats_no_one(
    national_site, admin_user
):
    client = ApiClient(key_for(national_site, admin_user)[1])
    start = [
        api.find_or_create(email=f"p{number}@example.org", first_name="Anne")[0].pk
        for number in range(PEOPLE)
    ]
    writer = Writer(national_site, start)
    writer.start()
    seen = []
    url = f"/api/osdi/v1/people?per_page={PER_PAGE}"
    try:
        while url:
            body = client.get(url).json()
            ids = [
                int(item["identifiers"][0].split(":")[1])
                for item in body["_embedded"]["osdi:people"]
            ]
            seen += ids
            if ids:
                writer.cursor = ids[-1]
            writer.wait_for_a_round()  # at least one round written between two pages
            url = body["_links"].get("next", {}).get("href")
    finally:
        writer.done.set()
        writer.join(timeout=30)
    assert not writer.errors, writer.errors
    assert writer.erased and writer.updated and writer.created
    assert len(seen) == len(set(seen)), "someone was seen twice"
    assert set(start) <= set(seen), f"skipped: {sorted(set(start) - set(seen))}"
    # Erased behind the reader, updated ahead of it: each seen once all the same.
    assert set(writer.erased) <= set(seen) and set(writer.updated) <= set(seen)
    # People created meanwhile come after every cursor: read once, or after the walk.
    assert set(seen) <= set(start) | set(writer.created)
