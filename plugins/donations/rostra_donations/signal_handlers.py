"""The donations plugin's wiring to the core: the legal cap after a merge and
the daily retention purges. Merging, exporting and erasing a donor's gifts
follow the plugin's declarations (rostra_donations.personal_data)."""

from functools import partial

from django.db import transaction
from django.utils import timezone
from rostra import signals
from rostra.people import retention

from rostra_donations import kept as kept_events
from rostra_donations.models import Donation
from rostra_donations.personal_data import ERASED_FIELDS, IDENTITY_FIELDS


def on_people_merged(sender, kept, merged, **kwargs):
    """The core has moved the duplicate's gifts and monthly gifts to the person
    kept (personal_data). Their gifts together are then checked against the
    cap: those received once it was reached are flagged "over the cap" and the
    treasurers alerted, after the merge commits."""
    from rostra_donations import alerts, caps

    caps.lock_people(kept.pk, merged.pk)
    if not Donation.objects.filter(person=kept).exists():
        return
    for breach in caps.breaches(kept):
        Donation.objects.filter(pk__in=[gift.pk for gift in breach.over]).update(over_cap=True)
        transaction.on_commit(partial(alerts.merged_over_cap, kept, breach))


def purge_expired(today=None, *, dry_run=False):
    """Past their retention, gifts kept under legal obligation lose the donor's
    identity; returns how many. Run daily: ``manage.py apply_retention`` (all
    purges) or ``manage.py purge_donations`` (this one), see docs/donations.md."""
    today = today or timezone.localdate()
    expired = Donation.objects.filter(legal_hold_until__lt=today)
    if dry_run:
        return expired.count()
    count = 0
    for donation in expired.iterator(chunk_size=500):
        donation.legal_hold_until = None
        for name in (*ERASED_FIELDS, *IDENTITY_FIELDS):
            setattr(donation, name, Donation._meta.get_field(name).get_default())
        donation.anonymised_at = timezone.now()
        donation.save()
        count += 1
    return count


def _retention_purge(*, now, dry_run):
    return purge_expired(timezone.localdate(now), dry_run=dry_run)


def connect():
    retention.register("donations past their legal retention", _retention_purge)
    retention.register("webhook events kept for a payment that never came", kept_events.purge_stale)
    signals.people_merged.connect(on_people_merged, dispatch_uid="donations-merge")
