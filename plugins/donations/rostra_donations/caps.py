"""The cap, checked against the platform's own records.

Counted: gifts paid or being paid (direct debits in flight, disputes still
open), gifts started less than DONATIONS_PENDING_HOLD_HOURS ago and not yet
paid, and the rest of the period's instalments of active monthly gifts; less
what was refunded. A donor is the same person record, or the same name at the
same postcode (a second email address does not make a second donor).

Two gifts checked at once for the same donor must not both pass: callers hold
``lock_donor`` inside their transaction until the new gift's row is written.
"""

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import Q, Sum
from django.utils import timezone

from rostra_donations import conf, jurisdictions
from rostra_donations.models import (
    COUNTING_STATUSES,
    Donation,
    DonationStatus,
    Frequency,
    RecurringGift,
    Refund,
)


def donor_key(first_name, last_name, postcode):
    def norm(text):
        text = unicodedata.normalize("NFKD", text or "")
        return "".join(c for c in text if c.isalnum()).lower()

    return f"{norm(last_name)}|{norm(first_name)}|{norm(postcode)}"


@dataclass(frozen=True)
class CapCheck:
    cap: int | None  # cents; None: no cap
    committed: int  # cents already counted
    requested: int  # cents this gift adds within the period
    period_label: str

    @property
    def remaining(self):
        return None if self.cap is None else max(self.cap - self.committed, 0)

    @property
    def allowed(self):
        return self.cap is None or self.committed + self.requested <= self.cap


def lock_donor(person_id, key):
    """Serialise cap checks for one donor until the end of the transaction.

    PostgreSQL: transaction-scoped advisory locks on the person and on the
    name key (taken in a fixed order, so two checks never deadlock). SQLite
    runs write transactions one at a time (IMMEDIATE mode), which is the same
    guarantee for the embedded database.
    """
    if connection.vendor != "postgresql":
        return
    keys = sorted({f"person:{person_id}", f"name:{key}"})
    with connection.cursor() as cursor:
        for name in keys:
            number = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number - 2**63])


def check(
    *,
    person,
    key,
    amount,
    frequency,
    recipient_kind,
    jurisdiction,
    election="",
    at=None,
    exclude_recurring=None,
):
    at = timezone.localtime(at or timezone.now())
    rules = jurisdictions.get(jurisdiction)
    cap = rules.cap(recipient_kind)
    instalments = (
        rules.instalments_in_period(recipient_kind, at) if frequency == Frequency.MONTHLY else 1
    )
    requested = amount * instalments
    if cap is None:
        return CapCheck(None, 0, requested, "")
    scope, label = rules.period(recipient_kind, at, election)
    same_donor = Q(person=person) | Q(donor_key=key)
    hold = at - timedelta(hours=conf.get("DONATIONS_PENDING_HOLD_HOURS"))
    counting = Donation.objects.filter(scope, same_donor, outside_cap=False).filter(
        Q(status__in=[s for s in COUNTING_STATUSES if s != DonationStatus.PENDING])
        | Q(status=DonationStatus.PENDING, created_at__gte=hold)
    )
    committed = counting.aggregate(total=Sum("amount"))["total"] or 0
    committed -= (
        Refund.objects.filter(donation__in=counting, state=Refund.State.SUCCEEDED).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    committed += _future_instalments(person, key, rules, recipient_kind, at, exclude_recurring)
    return CapCheck(cap, committed, requested, str(label))


def _future_instalments(person, key, rules, recipient_kind, at, exclude_recurring):
    """Monthly gifts already running will take more this period: count them."""
    remaining = rules.instalments_in_period(recipient_kind, at) - 1
    if remaining <= 0:
        return 0
    hold = at - timedelta(hours=conf.get("DONATIONS_PENDING_HOLD_HOURS"))
    running = RecurringGift.objects.filter(
        Q(person=person) | Q(donations__donor_key=key),
        Q(state=RecurringGift.State.ACTIVE)
        | Q(state=RecurringGift.State.PENDING, created_at__gte=hold),
        donations__recipient_kind=recipient_kind,
    ).distinct()
    if exclude_recurring is not None:
        running = running.exclude(pk=exclude_recurring.pk)
    return sum(gift.amount for gift in running) * remaining
