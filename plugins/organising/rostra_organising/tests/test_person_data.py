"""An RSVP is merged, exported and erased with its person (rostra.personal_data)."""

from rostra.people import api

from rostra_organising.events.models import Rsvp

from .conftest import rsvp


def test_rsvps_are_exported_merged_and_erased(client, event):
    rsvp(client, event)
    person = Rsvp.objects.get().person
    exported = api.export_data(person)
    assert "camille.durand@example.org" in str(exported)
    other, _ = api.find_or_create(email="autre@example.org")
    api.merge(other, person)
    assert Rsvp.objects.get().person == other
    api.erase(other)
    kept = Rsvp.objects.get()
    assert kept.email == "" and kept.last_name == "" and kept.status == "confirmed"
