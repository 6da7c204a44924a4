"""The donations plugin's wiring to the core: its daily retention purge.
Merging, exporting and erasing a donor's gifts follow the plugin's
declarations (rostra_donations.personal_data)."""

from django.utils import timezone
from rostra.people import retention

from rostra_donations.models import Donation
from rostra_donations.personal_data import ERASED_FIELDS, IDENTITY_FIELDS


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
