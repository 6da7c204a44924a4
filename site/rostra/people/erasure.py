"""GDPR erasure: the person is anonymised here and in every plugin.

The rows every plugin declares (rostra.personal_data) are anonymised, or kept
with their identity under a legal obligation until a date, with the reason
shown in the report. Plugins may also answer ``rostra.signals.person_erased``
for anything else (a monthly gift to stop): a line saying what they did, or a dict
``{"summary": "...", "kept_until": date, "reason": "..."}`` when the law makes
it keep records (donation records for receipts and accounts) under its own
legal-obligation flag until that date; the plugin's retention job purges them
then (rostra.people.retention).

What stays in the people tables: the Person row (other records point at it)
with no personal data, the consent choices with their dates and wordings (the
proof of what was agreed, no longer tied to anyone identifiable), and one
timeline entry saying the record was erased.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from rostra import personal_data, signals
from rostra.people.field_roles import FieldRole
from rostra.people.models import Consent, ConsentState, Person, TimelineEntry

ERASED = gettext_noop("Personal data erased")
PERSONAL_FIELDS = Person.fields_that(FieldRole.ERASED)


@dataclass
class Erasure:
    person_id: int
    done: list = field(default_factory=list)


def blank_personal_fields(person):
    for name in PERSONAL_FIELDS:
        setattr(person, name, "")


@transaction.atomic
def erase(person, *, actor=None):
    person = Person.objects.select_for_update().get(pk=person.pk)
    report = Erasure(person_id=person.pk)
    kept = []
    for records in personal_data.declarations():
        erased = records.erase(person, actor=actor)
        report.done.append(erased.summary)
        kept.extend({"reason": k.reason, "until": str(k.until)} for k in erased.kept)
    for _receiver, answer in signals.person_erased.send(sender=Person, person=person, actor=actor):
        if isinstance(answer, dict):
            report.done.append(str(answer.get("summary", "")))
            if answer.get("kept_until"):
                kept.append(
                    {"reason": str(answer.get("reason", "")), "until": str(answer["kept_until"])}
                )
        elif answer:
            report.done.append(str(answer))

    now = timezone.now()
    # The ledger says consent ended with the erasure (a new row each; none edited).
    for state in ConsentState.objects.filter(person=person, granted=True):
        consent = Consent.objects.create(
            person=person,
            purpose=state.purpose,
            channel=state.channel,
            granted=False,
            wording="Erasure of the person's data.",
            where=Consent.Where.ERASURE,
            recorded_by=actor,
            recorded_at=now,
        )
        state.granted, state.consent, state.recorded_at = False, consent, now
        state.save(update_fields=["granted", "consent", "recorded_at"])
    Consent.objects.filter(person=person).blank_evidence()

    for record in (person, *person.merged_people.all()):
        blank_personal_fields(record)
        record.do_not_contact = True
        record.erased_at = now
        record.save()
        record.tags.clear()
        record.other_emails.all().delete()
        record.timeline.all().delete()
        # The audit log keeps that someone viewed or exported the record, not whose.
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Person), object_id=str(record.pk)
        ).update(label=f"#{record.pk}", data={})

    TimelineEntry.objects.create(
        person=person,
        kind=TimelineEntry.Kind.ERASURE,
        summary="Personal data erased",
        message=ERASED,
        data={"plugins": report.done, "kept_for_legal_obligation": kept},
        actor=actor,
        occurred_at=now,
    )
    log(person, "people.erase", user=actor, data={"kept": kept})
    report.done.append("people: profile, emails, tags, timeline and consent evidence anonymised")
    return report
