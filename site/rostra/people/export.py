"""A person's data, all of it: the right of access and portability.

``collect`` gathers every people table that holds something about the person
(the profile, other addresses, tags, the consent ledger, the timeline, records
merged into theirs, the audit log of who viewed or exported the record), the
rows every plugin declares (rostra.personal_data), and each plugin's answer to
``rostra.signals.person_data_requested`` (a dict of {"section title": [records
as dicts]}) for anything else it holds. ``as_json`` and the ``people/export.html``
template give the machine-readable and the readable forms.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext_noop
from wagtail.models import ModelLogEntry

from rostra import personal_data, plugins, signals
from rostra.people import purposes
from rostra.people.field_roles import FieldRole
from rostra.people.models import Person, TimelineEntry
from rostra.people.timeline import add_to_timeline
from rostra.sitesettings.names import site_name

EXPORTED = gettext_noop("Data exported (%(how)s)")

PROFILE_FIELDS = Person.fields_that(FieldRole.EXPORTED)

# Every people model that points at a person, and the export section that
# holds its rows (tests/test_export.py checks none is forgotten).
SECTIONS = {
    "people.PersonEmail": "other_emails",
    "people.TaggedPerson": "tags",
    "people.Consent": "consents",
    "people.ConsentState": "consents",  # the latest ledger row per purpose: a copy
    "people.TimelineEntry": "timeline",
    "people.Person": "merged_records",  # merged_into
}


def collect(person, *, actor=None, how="admin"):
    person = Person.objects.select_related("source_site").get(pk=person.pk)
    people = [person, *Person.objects.filter(merged_into=person)]
    profile = {name: getattr(person, name) for name in PROFILE_FIELDS}
    profile["source_site"] = site_name(person.source_site) if person.source_site_id else ""
    data = {
        "generated_at": timezone.now(),
        "person": profile,
        "other_emails": [
            {"email": row.email, "added_at": row.added_at} for row in person.other_emails.all()
        ],
        "tags": sorted(person.tags.names()),
        "consents": [
            {
                "purpose": consent.purpose,
                "purpose_label": str(purposes.label(consent.purpose)),
                "channel": consent.channel,
                "granted": consent.granted,
                "wording": consent.wording,
                "wording_version": consent.wording_version,
                "where": consent.where,
                "where_detail": consent.where_detail,
                "site": site_name(consent.site) if consent.site_id else "",
                "ip_hash": consent.ip_hash,
                "user_agent": consent.user_agent,
                "recorded_at": consent.recorded_at,
            }
            for consent in person.consents.select_related("site").order_by("recorded_at", "pk")
        ],
        "timeline": [
            {
                "kind": entry.kind,
                "text": entry.text,
                "site": site_name(entry.site) if entry.site_id else "",
                "data": entry.data,
                "occurred_at": entry.occurred_at,
            }
            for entry in person.timeline.select_related("site")
        ],
        "merged_records": [
            {"id": record.pk, "created_at": record.created_at} for record in people[1:]
        ],
        "audit_log": [
            {"action": entry.action, "user": str(entry.user or ""), "at": entry.timestamp}
            for entry in ModelLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Person),
                object_id__in=[str(record.pk) for record in people],
            )
            .select_related("user")
            .order_by("timestamp")
        ],
        "plugins": {},
    }
    for records in personal_data.declarations():
        rows = records.export(person)
        if rows:
            name = str(records.plugin.verbose_name)
            data["plugins"].setdefault(name, {})[str(records.title)] = rows
    for receiver, answer in signals.person_data_requested.send(sender=Person, person=person):
        if answer:
            plugin = plugins.plugin_of(receiver)
            name = str(plugin.verbose_name) if plugin else receiver.__module__
            data["plugins"].setdefault(name, {}).update(answer)

    add_to_timeline(
        person,
        kind=TimelineEntry.Kind.EXPORT,
        message=EXPORTED,
        params={"how": how},
        actor=actor,
    )
    return data


def as_json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
