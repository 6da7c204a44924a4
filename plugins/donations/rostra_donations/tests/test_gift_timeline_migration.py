"""Gifts noted before the timeline was translated read in each reader's language."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation
from rostra.people import api
from rostra.people.models import TimelineEntry

pytestmark = pytest.mark.django_db
migration = importlib.import_module("rostra_donations.migrations.0005_gift_timeline_translated")


def test_old_gift_entries_are_translated_and_others_left_alone():
    person, _ = api.find_or_create(email="lucie@example.org", first_name="Lucie")
    old = api.add_to_timeline(person, kind=TimelineEntry.Kind.GIFT, summary="Gave 1200.00 EUR")
    note = api.add_to_timeline(person, kind=TimelineEntry.Kind.GIFT, summary="Chèque remis")
    migration.translate_old_gifts(apps, None)
    old.refresh_from_db()
    note.refresh_from_db()
    with translation.override("fr"):
        assert old.text == "A donné 1\u00a0200,00 EUR"  # a non-breaking space
        assert note.text == "Chèque remis"
    with translation.override("en"):
        assert old.text == "Gave 1,200.00 EUR"
