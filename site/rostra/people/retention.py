"""Retention: personal data is kept only as long as its purpose needs it.

``manage.py apply_retention`` (run daily by cron or a systemd timer, see
docs/people.md) applies, in order:

1. per purpose: a consent older than ``ROSTRA_RETENTION_MONTHS[purpose]`` with
   no activity of the person since is ended (a withdrawal row, "expired"). The
   default is the purpose's own ``retention_months`` (rostra.people.purposes);
   a purpose no installed plugin declares any more keeps the general default;
2. inactive people: no consent left, nothing on their timeline for
   ``ROSTRA_RETENTION_MONTHS["inactive"]`` months → erased like on request
   (plugins keep what the law requires, flagged);
3. import reports and files older than ``ROSTRA_RETENTION_MONTHS["imports"]``;
4. every purge a plugin registered with ``retention.register(name, function)``
   (e.g. petition signatures anonymised N months after closing, donation
   records past their legal retention); each gets ``now`` and ``dry_run``
   and returns how many records it handled.

Defaults follow the CNIL's guidance for political communication (3 years
after the last contact) and are settings, not law: check them.
"""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from rostra.people import purposes
from rostra.people.models import Consent, ConsentState, ImportJob, Person, TimelineEntry

# Besides one rule per consent purpose (rostra.people.purposes).
DEFAULT_MONTHS = {"inactive": 36, "imports": 1}
_purges = {}
PASSIVE_KINDS = (TimelineEntry.Kind.VIEW, TimelineEntry.Kind.EXPORT, TimelineEntry.Kind.EMAIL)
# Seeing someone's record, sending them mail or their consent ending is not them
# taking part: it does not keep their data alive.
PASSIVE = Q(kind__in=PASSIVE_KINDS) | Q(kind=TimelineEntry.Kind.CONSENT, data__granted=False)


def register(name, purge):
    """A plugin's purge: ``purge(now=..., dry_run=...) -> int``."""
    _purges[name] = purge


def months():
    per_purpose = {code: p.retention_months for code, p in purposes.declared().items()}
    return {**per_purpose, **DEFAULT_MONTHS, **getattr(settings, "ROSTRA_RETENTION_MONTHS", {})}


def _ago(now, count):
    return now - datetime.timedelta(days=round(count * 30.44))


def apply(*, now=None, dry_run=False):
    """Apply every rule; returns {rule: count}."""
    from rostra.people import api

    now = now or timezone.now()
    rules = months()
    done = {}
    held = ConsentState.objects.filter(granted=True).order_by().values_list("purpose", flat=True)
    for purpose in sorted((set(rules) - set(DEFAULT_MONTHS)) | set(held.distinct())):
        count = rules.get(purpose, purposes.DEFAULT_RETENTION_MONTHS)
        cutoff = _ago(now, count)
        stale = ConsentState.objects.filter(
            purpose=purpose, granted=True, recorded_at__lt=cutoff
        ).exclude(
            Exists(
                TimelineEntry.objects.filter(
                    person=OuterRef("person"), occurred_at__gte=cutoff
                ).exclude(PASSIVE)
            )
        )
        done[f"consent expired: {purpose}"] = stale.count()
        if not dry_run:
            for state in stale.select_related("person"):
                api.record_consent(
                    state.person,
                    purpose=state.purpose,
                    channel=state.channel,
                    granted=False,
                    wording=f"Retention period of {count} months ended.",
                    where=Consent.Where.ERASURE,
                    where_detail="retention",
                )

    cutoff = _ago(now, rules["inactive"])
    inactive = (
        Person.objects.filter(
            erased_at__isnull=True, merged_into__isnull=True, created_at__lt=cutoff
        )
        .exclude(Exists(ConsentState.objects.filter(person=OuterRef("pk"), granted=True)))
        .exclude(
            Exists(
                TimelineEntry.objects.filter(
                    person=OuterRef("pk"), occurred_at__gte=cutoff
                ).exclude(PASSIVE)
            )
        )
    )
    done["inactive people erased"] = inactive.count()
    if not dry_run:
        for person in inactive.iterator(chunk_size=500):
            api.erase(person)

    old_jobs = ImportJob.objects.filter(created_at__lt=_ago(now, rules["imports"]))
    done["import reports purged"] = old_jobs.exclude(report=[]).count()
    if not dry_run:
        for job in old_jobs:
            if job.file:
                job.file.delete(save=False)
            job.report = []
            job.save(update_fields=["file", "report"])

    for name, purge in sorted(_purges.items()):
        done[name] = purge(now=now, dry_run=dry_run)
    return done
