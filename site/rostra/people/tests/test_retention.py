import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from rostra.people import api, retention
from rostra.people.models import Person, TimelineEntry


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.mark.django_db
def test_retention_ends_old_consents_and_erases_inactive_people():
    old, _ = api.find_or_create(email="old@example.org", first_name="Old")
    Person.objects.filter(pk=old.pk).update(created_at=ago(4 * 365))
    TimelineEntry.objects.filter(person=old).update(occurred_at=ago(4 * 365))
    api.record_consent(old, purpose="newsletter", granted=True, when=ago(4 * 365))
    TimelineEntry.objects.filter(person=old).update(occurred_at=ago(4 * 365))
    active, _ = api.find_or_create(email="active@example.org")
    api.record_consent(active, purpose="newsletter", granted=True, when=ago(4 * 365))

    counts = retention.apply(dry_run=True)
    assert counts["consent expired: newsletter"] == 1
    assert Person.objects.get(pk=old.pk).erased_at is None

    seen = []
    retention.register("sample purge", lambda now, dry_run: seen.append(dry_run) or 3)
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "sample purge: 3" in out.getvalue()
    assert seen == [False]
    assert not api.can_contact(Person.objects.get(pk=old.pk), "newsletter")
    old.refresh_from_db()
    assert old.erased_at and old.first_name == ""
    active.refresh_from_db()
    assert active.erased_at is None and api.can_contact(active, "newsletter")
    retention._purges.pop("sample purge")
