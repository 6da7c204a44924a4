"""Merging two records of one person: both histories are kept.

The duplicate's addresses, tags, consent ledger rows and timeline move to the
record kept (ledger rows keep their content; only their owner changes), blank
fields of the kept record are filled from the duplicate, and the stricter
do-not-contact flags win. Every plugin row that points at a person follows,
as its ``PersonRecords`` declaration says (rostra.personal_data); plugins
react to the merge on ``people_merged``.
The duplicate stays as an empty pointer (``merged_into``) so that anything
still naming it leads to the person kept.
"""

from django.db import transaction
from django.utils.translation import gettext_noop
from wagtail.log_actions import log

from rostra import personal_data, signals
from rostra.people import ledger
from rostra.people.erasure import blank_personal_fields
from rostra.people.field_roles import FieldRole
from rostra.people.models import (
    Consent,
    ConsentState,
    Person,
    PersonEmail,
    TimelineEntry,
)
from rostra.people.timeline import add_to_timeline

MERGED = gettext_noop("Merged with the duplicate record #%(id)s (%(email)s)")
FILLABLE = Person.fields_that(FieldRole.GIVEN)
FLAGS = Person.fields_that(FieldRole.STRICTER)


class MergeError(ValueError):
    pass


@transaction.atomic
def merge(kept, duplicate, *, actor=None):
    if kept.pk == duplicate.pk:
        raise MergeError("a person cannot be merged with themselves")
    locked = {
        person.pk: person
        for person in Person.objects.select_for_update().filter(pk__in=[kept.pk, duplicate.pk])
    }
    kept, duplicate = locked[kept.pk], locked[duplicate.pk]
    for person in (kept, duplicate):
        if person.erased_at or person.merged_into_id:
            raise MergeError(f"#{person.pk} was erased or already merged")

    filled = [name for name in FILLABLE if not getattr(kept, name) and getattr(duplicate, name)]
    for name in filled:
        setattr(kept, name, getattr(duplicate, name))
    for flag in FLAGS:
        setattr(kept, flag, getattr(kept, flag) or getattr(duplicate, flag))
    if duplicate.created_at < kept.created_at:
        kept.created_at = duplicate.created_at

    duplicate_email, duplicate_key = duplicate.email, duplicate.email_canonical
    PersonEmail.objects.filter(person=duplicate).update(person=kept)
    blank_personal_fields(duplicate)
    duplicate.merged_into = kept
    duplicate.save()
    kept.save()
    if duplicate_key and duplicate_key != kept.email_canonical:
        PersonEmail.objects.update_or_create(
            email_canonical=duplicate_key, defaults={"person": kept, "email": duplicate_email}
        )
    PersonEmail.objects.filter(person=kept, email_canonical=kept.email_canonical).delete()

    kept.tags.add(*duplicate.tags.all())
    duplicate.tags.clear()
    Consent.objects.filter(person=duplicate).reassign_to(kept)
    ConsentState.objects.filter(person=duplicate).delete()
    ledger.refresh_consent_state(kept)
    TimelineEntry.objects.filter(person=duplicate).update(person=kept)
    # Earlier merges into the duplicate now point at the person kept.
    Person.objects.filter(merged_into=duplicate).update(merged_into=kept)
    for records in personal_data.declarations():
        records.merge(kept, duplicate)

    signals.people_merged.send(sender=Person, kept=kept, merged=duplicate, actor=actor)
    add_to_timeline(
        kept,
        kind=TimelineEntry.Kind.MERGE,
        message=MERGED,
        params={"id": duplicate.pk, "email": duplicate_email},
        actor=actor,
        data={"merged": duplicate.pk, "filled": filled},
    )
    log(kept, "people.merge", user=actor, data={"merged": duplicate.pk})
    return kept
