import json

import pytest
from django.apps import apps
from wagtail.log_actions import log

from rostra import personal_data
from rostra.people import api, export
from rostra.people.models import Person, TimelineEntry
from rostra.tests.sampleplugin.models import SampleRecord


def models_pointing_at_person():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Person:
                yield model


@pytest.mark.django_db
def test_every_table_pointing_at_a_person_is_in_the_export_and_erasure():
    """A new people table must get an export section; any other app's table
    must be declared by its plugin (rostra.personal_data)."""
    declared = {records.model_class for records in personal_data.declarations()}
    for model in models_pointing_at_person():
        if model._meta.app_label == "people":
            assert model._meta.label in export.SECTIONS, f"{model._meta.label} is not exported"
        else:
            assert model in declared, f"{model._meta.label} is not declared"


@pytest.mark.django_db
def test_the_export_contains_everything_held_about_the_person(admin_user):
    person, _ = api.find_or_create(
        email="jean@example.org",
        first_name="Jean",
        phone="0612345678",
        postcode="69003",
        tags=["lyon"],
    )
    api.add_email(person, "jean@work.example")
    api.record_consent(person, purpose="newsletter", granted=True, wording="Send me the news")
    api.add_to_timeline(person, kind=TimelineEntry.Kind.NOTE, summary="Met at the market")
    duplicate, _ = api.find_or_create(email="jd@example.org", last_name="Dupont")
    api.merge(person, duplicate)
    SampleRecord.objects.create(person=person, name="Jean D.", email="jean@example.org")
    log(person, "people.view", user=admin_user)

    data = api.export_data(person, actor=admin_user)
    text = export.as_json(data)
    parsed = json.loads(text)

    assert parsed["person"]["first_name"] == "Jean"
    assert parsed["person"]["last_name"] == "Dupont"
    assert parsed["person"]["phone"] == "+33612345678"
    assert parsed["person"]["commune_code"] == "69123"
    assert {e["email"] for e in parsed["other_emails"]} == {"jean@work.example", "jd@example.org"}
    assert parsed["tags"] == ["lyon"]
    assert parsed["consents"][0]["wording"] == "Send me the news"
    assert "Met at the market" in [entry["text"] for entry in parsed["timeline"]]
    assert [record["id"] for record in parsed["merged_records"]] == [duplicate.pk]
    assert [entry["action"] for entry in parsed["audit_log"]] == ["people.merge", "people.view"]
    assert parsed["plugins"]["Sample plugin"] == {
        "Sample records": [{"name": "Jean D.", "email": "jean@example.org"}]
    }
    # Exporting is itself on the timeline.
    assert person.timeline.filter(kind=TimelineEntry.Kind.EXPORT).exists()
