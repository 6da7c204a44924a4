"""Events that arrive before their object: kept, and applied when it appears.

Stripe sends events in any order: a refund or a dispute can come before the
payment is known, a subscription's end before its checkout. Such an outcome is
kept (KeptOutcome, for the site whose secret verified it) and applied once the
payment, checkout or subscription it names appears in that same site.

Both sides look again after their transaction commits: the one that keeps an
outcome (its object may have appeared in a transaction it could not see) and
the one that makes an object appear (an outcome may have been kept in a
transaction it could not see). Whichever commits last finds the other's work,
so nothing kept is forgotten. Applying is a background task, safe to run twice
and at once: the kept rows are locked, applied and deleted in one transaction,
and every ledger change only moves forward.
"""

import dataclasses
import datetime
import logging

from django.db import transaction
from rostra.worker.queueing import with_commit

from rostra_donations import conf, references
from rostra_donations.models import KeptOutcome
from rostra_donations.providers import base

logger = logging.getLogger(__name__)
_TYPES = {cls.__name__: cls for cls in base.OUTCOMES}


def encode(outcome):
    fields, dates = {}, []
    for field in dataclasses.fields(outcome):
        value = getattr(outcome, field.name)
        if isinstance(value, datetime.datetime):
            value = value.isoformat()
            dates.append(field.name)
        fields[field.name] = value
    return {"type": type(outcome).__name__, "fields": fields, "dates": dates}


def decode(data):
    fields = dict(data["fields"])
    for name in data.get("dates", []):
        fields[name] = datetime.datetime.fromisoformat(fields[name])
    return _TYPES[data["type"]](**fields)


def keep(site, event, outcome, waiting_for):
    KeptOutcome.objects.create(
        site=site, event=event, waiting_for=waiting_for, outcome=encode(outcome)
    )
    look_again(site, waiting_for)


def appeared(site, kind, value):
    """A row of this site now holds this reference: apply what waited for it."""
    look_again(site, references.key(kind, value))


def look_again(site, waiting_for):
    from rostra_donations import tasks

    site_id = site.pk
    # Stored with the change that calls for it: a process killed just after
    # the commit cannot leave a kept event waiting for nothing.
    with_commit(lambda: tasks.apply_kept.enqueue(site_id=site_id, waiting_for=waiting_for))


def release(site_id, waiting_for):
    """Apply, in the order received, what this site kept for an object that is
    now here; returns how many. Nothing happens while the object is not here."""
    from rostra_donations import ledger

    with transaction.atomic():
        rows = list(
            KeptOutcome.objects.select_for_update(of=("self",))
            .filter(site_id=site_id, waiting_for=waiting_for)
            .select_related("event", "site")
            .order_by("pk")
        )
        if not rows or not references.known(site_id, waiting_for):
            return 0
        for row in rows:
            effect = ledger.apply(decode(row.outcome), row.site, event=row.event)
            row.delete()
            event = row.event
            event.outcome = f"{event.outcome}; then {effect}"[:255]
            event.save(update_fields=["outcome"])
    logger.info("Applied %d kept outcome(s) of site %s for %s", len(rows), site_id, waiting_for)
    return len(rows)


def purge_stale(*, now, dry_run):
    """Outcomes kept longer than DONATIONS_KEPT_EVENT_DAYS name nothing of ours
    (a payment of the same account made outside Rostra): let them go."""
    days = conf.get("DONATIONS_KEPT_EVENT_DAYS")
    stale = KeptOutcome.objects.filter(kept_at__lt=now - datetime.timedelta(days=days))
    if dry_run:
        return stale.count()
    return stale.delete()[0]
