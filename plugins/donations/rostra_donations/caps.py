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
from django.db.models.functions import Coalesce
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
    _lock({f"person:{person_id}", f"name:{key}"})


def lock_people(*person_ids):
    """Serialise cap checks for these people (two records being merged)."""
    _lock({f"person:{pk}" for pk in person_ids})


def _lock(names):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name in sorted(names):
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
    keys = _keys(key)
    counting, label = _counting(person, keys, rules, recipient_kind, at, election)
    committed = counting.aggregate(total=Sum("amount"))["total"] or 0
    committed -= (
        Refund.objects.filter(donation__in=counting, state=Refund.State.SUCCEEDED).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    committed += _future_instalments(person, keys, rules, recipient_kind, at, exclude_recurring)
    return CapCheck(cap, committed, requested, str(label))


def _keys(key):
    """One donor key, or several (a person's gifts under different names)."""
    keys = [key] if isinstance(key, str) else list(key)
    return [k for k in keys if k]  # an erased gift's blank key names no one


def _counting(person, keys, rules, recipient_kind, at, election):
    """The gifts that count towards this donor's cap in the period of ``at``."""
    scope, label = rules.period(recipient_kind, at, election)
    same_donor = Q(person=person) | Q(donor_key__in=keys)
    hold = at - timedelta(hours=conf.get("DONATIONS_PENDING_HOLD_HOURS"))
    counting = Donation.objects.filter(scope, same_donor, outside_cap=False).filter(
        Q(status__in=[s for s in COUNTING_STATUSES if s != DonationStatus.PENDING])
        | Q(status=DonationStatus.PENDING, created_at__gte=hold)
    )
    return counting, label


def _future_instalments(person, keys, rules, recipient_kind, at, exclude_recurring):
    """Monthly gifts already running will take more this period: count them."""
    remaining = rules.instalments_in_period(recipient_kind, at) - 1
    if remaining <= 0:
        return 0
    hold = at - timedelta(hours=conf.get("DONATIONS_PENDING_HOLD_HOURS"))
    running = RecurringGift.objects.filter(
        Q(person=person) | Q(donations__donor_key__in=keys),
        Q(state=RecurringGift.State.ACTIVE)
        | Q(state=RecurringGift.State.PENDING, created_at__gte=hold),
        donations__recipient_kind=recipient_kind,
    ).distinct()
    if exclude_recurring is not None:
        running = running.exclude(pk=exclude_recurring.pk)
    return sum(gift.amount for gift in running) * remaining


@dataclass(frozen=True)
class Breach:
    """A period in which a person's gifts together exceed the cap."""

    check: CapCheck
    # The gifts received once the cap was reached, the latest first: to refund.
    over: list
    # Every gift counted in the period.
    gifts: list


def breaches(person, at=None):
    """Every period in which this person's gifts, under all their names, are
    over the cap (checked after two records of one person are merged)."""
    at = timezone.localtime(at or timezone.now())
    gifts = Donation.objects.filter(person=person, outside_cap=False)
    keys = _keys(set(gifts.values_list("donor_key", flat=True)))
    years = set()
    for gift in gifts.filter(status__in=COUNTING_STATUSES):
        year = timezone.localtime(gift.paid_at or gift.created_at).year
        years.add((gift.jurisdiction, gift.recipient_kind, gift.election, year))
    found, seen = [], set()
    for jurisdiction, kind, election, year in sorted(years, key=lambda p: p[3]):
        rules = jurisdictions.get(jurisdiction)
        # Months still to come count only in the current year.
        moment = at if year == at.year else at.replace(year=year, month=12, day=31)
        counting, _label = _counting(person, keys, rules, kind, moment, election)
        members = frozenset(counting.values_list("pk", flat=True))
        if members in seen:
            continue
        seen.add(members)
        result = check(
            person=person,
            key=keys,
            amount=0,
            frequency=Frequency.ONE_OFF,
            recipient_kind=kind,
            jurisdiction=jurisdiction,
            election=election,
            at=moment,
        )
        if result.cap is not None and result.committed > result.cap:
            found.append(Breach(result, _over(counting, result.cap), list(counting)))
    return found


def _over(counting, cap):
    """The gifts that took the running total, in order received, over the cap."""
    total, over = 0, []
    for gift in counting.order_by(Coalesce("paid_at", "created_at"), "pk"):
        total += gift.amount - gift.refunded_amount
        if total > cap:
            over.append(gift)
    return over[::-1]
