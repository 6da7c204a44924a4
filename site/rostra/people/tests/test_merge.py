import pytest

from rostra.people import api, merging
from rostra.people.models import Person, TimelineEntry
from rostra.tests.sampleplugin.models import SampleRecord


@pytest.mark.django_db
def test_merge_keeps_both_histories(admin_user):
    kept, _ = api.find_or_create(email="jean@example.org", first_name="Jean", tags=["lyon"])
    duplicate, _ = api.find_or_create(
        email="jean.dupont@gmail.com", last_name="Dupont", phone="0612345678", tags=["volunteer"]
    )
    api.record_consent(kept, purpose="newsletter", granted=True)
    api.record_consent(duplicate, purpose="events", granted=True)
    api.add_to_timeline(duplicate, kind=TimelineEntry.Kind.NOTE, summary="Met at the market")
    SampleRecord.objects.create(person=duplicate, name="Jean Dupont")
    duplicate.do_not_call = True
    duplicate.save()
    before = {entry.pk for p in (kept, duplicate) for entry in p.timeline.all()}

    api.merge(kept, duplicate, actor=admin_user)

    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert (kept.first_name, kept.last_name, kept.phone) == ("Jean", "Dupont", "+33612345678")
    assert kept.do_not_call  # the stricter choice wins
    assert before <= {entry.pk for entry in kept.timeline.all()}
    assert kept.timeline.filter(kind=TimelineEntry.Kind.MERGE).exists()
    assert {c.purpose for c in kept.consents.all()} == {"newsletter", "events"}
    assert api.can_contact(kept, "events") and api.can_contact(kept, "newsletter")
    assert set(kept.tags.names()) == {"lyon", "volunteer"}
    assert SampleRecord.objects.get().person == kept  # the plugin moved its rows
    # The duplicate's address still finds the person kept.
    assert api.find("jeandupont+x@googlemail.com") == kept
    assert duplicate.merged_into == kept and duplicate.email == "" and duplicate.last_name == ""
    assert Person.objects.filter(merged_into__isnull=True).count() == 1


@pytest.mark.django_db
def test_merging_twice_or_with_oneself_is_refused():
    person, _ = api.find_or_create(email="a@example.org")
    other, _ = api.find_or_create(email="b@example.org")
    with pytest.raises(merging.MergeError):
        api.merge(person, person)
    api.merge(person, other)
    with pytest.raises(merging.MergeError):
        api.merge(person, other)
