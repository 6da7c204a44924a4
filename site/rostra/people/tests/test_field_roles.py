"""Person.field_roles is the one list of a person's fields: the form, the api,
the import, merging, the export and erasure all read it."""

from rostra.people import api, erasure, export, forms, merging
from rostra.people.field_roles import FieldRole
from rostra.people.models import Person


def test_every_field_of_a_person_is_declared_and_nothing_else():
    fields = [field.name for field in Person._meta.local_fields]
    fields += [field.name for field in Person._meta.local_many_to_many]
    assert sorted(Person.field_roles) == sorted(fields)


def test_each_place_reads_its_fields_from_the_declaration():
    assert forms.PersonForm._meta.fields == Person.fields_that(FieldRole.EDITED)
    assert Person.fields_that(FieldRole.GIVEN) == api.UPDATABLE_FIELDS
    assert Person.fields_that(FieldRole.GIVEN) == merging.FILLABLE
    assert Person.fields_that(FieldRole.EXPORTED) == export.PROFILE_FIELDS
    assert Person.fields_that(FieldRole.ERASED) == erasure.PERSONAL_FIELDS


def test_what_a_person_tells_is_exported_and_erased_but_country_and_language():
    told = set(Person.fields_that(FieldRole.GIVEN))
    assert told <= set(Person.fields_that(FieldRole.EXPORTED))
    assert told - set(Person.fields_that(FieldRole.ERASED)) == {"country", "language"}


def test_a_field_masked_without_consent_is_erased_with_the_person():
    assert set(Person.shown_with_consent_on) <= set(Person.fields_that(FieldRole.ERASED))
