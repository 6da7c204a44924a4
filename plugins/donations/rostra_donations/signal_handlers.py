"""Answers to the core's signals: erasure, data export and merging of people."""

import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone
from rostra import signals
from rostra.people import retention

from rostra_donations import conf, kept
from rostra_donations.models import (
    Donation,
    DonationStatus,
    RecurringGift,
)

# What the receipts and the accounts need, kept under legal obligation.
KEPT_FIELDS = (
    "civility",
    "first_name",
    "last_name",
    "address_line1",
    "address_line2",
    "postcode",
    "town",
    "country",
    "nationality",
    "french_resident",
    "elected_office",
    "attestations",
)
SETTLED = (DonationStatus.PAID, DonationStatus.DISPUTED, DonationStatus.REFUNDED)


def retention_end(donation):
    paid = timezone.localtime(donation.paid_at or donation.created_at).date()
    years = conf.get("DONATIONS_RETENTION_YEARS")
    # Until the end of the year of payment + N years (accounts close per year).
    return datetime.date(paid.year + years, 12, 31)


def anonymise(donation, *, keep_identity):
    donation.email = ""
    donation.ip_hash = ""
    donation.refcode = donation.utm_source = donation.utm_medium = ""
    donation.utm_campaign = donation.utm_content = donation.utm_term = ""
    if not keep_identity:
        for name in KEPT_FIELDS:
            setattr(donation, name, Donation._meta.get_field(name).get_default())
        donation.donor_key = ""
    donation.anonymised_at = timezone.now()
    donation.save()


def on_person_erased(sender, person, **kwargs):
    kept = erased = 0
    today = timezone.localdate()
    with transaction.atomic():
        for donation in Donation.objects.select_for_update().filter(person=person):
            if donation.status in SETTLED and retention_end(donation) >= today:
                donation.legal_hold_until = retention_end(donation)
                anonymise(donation, keep_identity=True)
                kept += 1
            else:
                anonymise(donation, keep_identity=False)
                erased += 1
        RecurringGift.objects.filter(person=person, state=RecurringGift.State.ACTIVE).update(
            state=RecurringGift.State.CANCELLED, cancelled_at=timezone.now()
        )
    return (
        f"donations: {kept} kept under legal obligation (identity for receipts and accounts), "
        f"{erased} anonymised"
    )


def on_person_data_requested(sender, person, **kwargs):
    rows = []
    for d in Donation.objects.filter(person=person).select_related("site").order_by("created_at"):
        rows.append(
            {
                "site": d.site.site_name or d.site.hostname,
                "date": (d.paid_at or d.created_at).isoformat(),
                "amount_eur": f"{d.amount / 100:.2f}",
                "frequency": d.frequency,
                "status": d.status,
                "method": d.method,
                "name": f"{d.civility} {d.first_name} {d.last_name}".strip(),
                "tax_address": ", ".join(
                    p
                    for p in (d.address_line1, d.address_line2, f"{d.postcode} {d.town}", d.country)
                    if p.strip()
                ),
                "nationality": d.nationality,
                "resides_in_france": d.french_resident,
                "attestations": d.attestations.get("statements", []),
                "source": d.refcode or d.utm_source,
                "kept_under_legal_obligation_until": (
                    d.legal_hold_until.isoformat() if d.legal_hold_until else ""
                ),
            }
        )
    return {"Donations": rows} if rows else {}


def on_people_merged(sender, kept, merged, **kwargs):
    """The duplicate's gifts and monthly gifts follow the person kept (every row
    of this plugin that names a person). Their gifts together are then checked
    against the cap: those received once it was reached are flagged "over the
    cap" and the treasurers alerted, after the merge commits."""
    from rostra_donations import alerts, caps

    caps.lock_people(kept.pk, merged.pk)
    moved = Donation.objects.filter(person=merged).update(person=kept)
    moved += RecurringGift.objects.filter(person=merged).update(person=kept)
    if not moved:
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
        anonymise(donation, keep_identity=False)  # one save, both changes
        count += 1
    return count


def _retention_purge(*, now, dry_run):
    return purge_expired(timezone.localdate(now), dry_run=dry_run)


def connect():
    retention.register("donations past their legal retention", _retention_purge)
    retention.register("webhook events kept for a payment that never came", kept.purge_stale)
    signals.person_erased.connect(on_person_erased, dispatch_uid="donations-erased")
    signals.person_data_requested.connect(
        on_person_data_requested, dispatch_uid="donations-data-requested"
    )
    signals.people_merged.connect(on_people_merged, dispatch_uid="donations-merge")
