import datetime

import pytest
from django.apps import apps
from django.db import models
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from rostra.people import api
from rostra.people.models import Person, TimelineEntry
from rostra.tests.sampleplugin import receivers
from rostra.tests.sampleplugin.models import SampleRecord

SECRET_BITS = ("Dupont", "jean", "0612", "612345678", "Rue des Lilas", "69003")


def texts_of(model, **filters):
    """Every text value stored in the rows of a model (JSON included)."""
    fields = [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
    ]
    rows = model.objects.filter(**filters).values_list(*fields)
    return [str(value) for row in rows for value in row]


@pytest.mark.django_db
def test_erasure_reaches_plugins_and_leaves_no_personal_data_outside_flagged_records(admin_user):
    # Texts stored before the person existed are not theirs: a plugin's
    # reference data may hold the same word (a candidate Dupont-Aignan).
    before = {model: set(texts_of(model)) for model in apps.get_models()}
    person, _ = api.find_or_create(
        email="jean.dupont@example.org",
        first_name="Jean",
        last_name="Dupont",
        phone="06 12 34 56 78",
        address_line1="3 rue des Lilas",
        postcode="69003",
        tags=["donor"],
    )
    api.add_email(person, "jean@work.example")
    api.record_consent(person, purpose="newsletter", granted=True, where_detail="/jean-dupont/")
    duplicate, _ = api.find_or_create(email="jd@example.org", last_name="Dupont")
    api.merge(person, duplicate)
    SampleRecord.objects.create(person=person, name="Jean Dupont", email="jean.dupont@example.org")
    kept_until = datetime.date.today() + datetime.timedelta(days=6 * 365)
    flagged = SampleRecord.objects.create(
        person=person, name="Jean Dupont", legal_obligation=True, kept_until=kept_until
    )
    log(person, "people.view", user=admin_user)

    report = api.erase(person, actor=admin_user)

    assert ("person_erased", person.pk, None) in receivers.received
    assert "sampleplugin: 1 sample records anonymised, 1 kept under legal obligation" in report.done
    assert not api.can_contact(person, "newsletter")
    # No personal data left in any table, except the flagged record.
    for model in apps.get_models():
        if model is SampleRecord:
            continue
        for value in set(texts_of(model)) - before[model]:
            assert not any(bit.lower() in value.lower() for bit in SECRET_BITS), (model, value)
    assert texts_of(SampleRecord, legal_obligation=False) == ["", ""]
    flagged.refresh_from_db()
    assert flagged.name == "Jean Dupont"  # kept under the legal obligation
    erasure = TimelineEntry.objects.get(person=person)
    assert erasure.data["kept_for_legal_obligation"] == [
        {"reason": "accounting", "until": str(kept_until)}
    ]
    assert ModelLogEntry.objects.filter(action="people.view", object_id=str(person.pk)).exists()
    assert api.find("jean.dupont@example.org") is None
    person.refresh_from_db()
    assert person.erased_at and str(person).startswith(("Erased", "Personne"))
    assert Person.objects.get(pk=duplicate.pk).erased_at
