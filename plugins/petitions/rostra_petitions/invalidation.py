"""Bulk invalidation (admin: Petitions › Invalidate): preview how many
signatures match, then invalidate them in one transaction that also removes the
confirmed ones from the count (one negative delta per territory)."""

import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dateparse import parse_date
from rostra import signals
from rostra.people.canonical import canonical_email

from rostra_petitions import counting
from rostra_petitions.models import Invalidation, Signature

CRITERIA = ("petition", "ip_hash", "domain", "email", "postcode", "since", "until", "state")


def matching(criteria):
    """The signatures a set of criteria touches (never already invalidated ones)."""
    query = Q()
    if criteria.get("petition"):
        query &= Q(petition_id=criteria["petition"])
    if criteria.get("ip_hash"):
        query &= Q(ip_hash=criteria["ip_hash"])
    if criteria.get("domain"):
        query &= Q(email_domain=criteria["domain"].strip().lower())
    if criteria.get("email"):
        query &= Q(email_canonical=canonical_email(criteria["email"]))
    if criteria.get("postcode"):
        query &= Q(postcode=criteria["postcode"].replace(" ", "").upper())
    since, until = _day(criteria.get("since")), _day(criteria.get("until"))
    if since:
        query &= Q(created_at__gte=since)
    if until:
        query &= Q(created_at__lt=until + datetime.timedelta(days=1))
    if criteria.get("state"):
        query &= Q(state=criteria["state"])
    if not query:
        return Signature.objects.none()  # no criterion: never "everything"
    return Signature.objects.filter(query).exclude(state=Signature.State.INVALIDATED)


def _day(value):
    if isinstance(value, datetime.date):
        value = datetime.datetime.combine(value, datetime.time.min)
    elif isinstance(value, str) and value:
        day = parse_date(value)
        value = datetime.datetime.combine(day, datetime.time.min) if day else None
    else:
        return None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def preview(criteria):
    found = matching(criteria)
    by_state = dict(found.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    return {"total": sum(by_state.values()), "by_state": by_state}


def run(invalidation_id):
    """Invalidate what the record's criteria match, once: run again (its worker
    died after the commit), it finds the record finished and changes nothing,
    neither the signatures made since that match nor the record's counts."""
    now = timezone.now()
    with transaction.atomic():
        record = Invalidation.objects.select_for_update().get(pk=invalidation_id)
        if record.finished_at is not None:
            return {"matched": record.matched, "uncounted": record.uncounted}
        rows = matching(record.criteria).select_for_update()
        ids = list(rows.values_list("id", flat=True))
        targets = Signature.objects.filter(pk__in=ids)
        confirmed = targets.filter(state=Signature.State.VALIDATED)
        per_petition = {}
        for row in confirmed.values(
            "petition_id", "source", "departement_code", "constituency", "country"
        ).annotate(n=Count("id")):
            per_petition.setdefault((row.pop("petition_id"), row.pop("source")), []).append(row)
        uncounted = confirmed.count()
        targets.update(state=Signature.State.INVALIDATED, invalidated_at=now, invalidation=record)
        for (petition_id, source), groups in per_petition.items():
            counting.record_many(petition_id, groups, sign=-1, channel=source)
        record.matched, record.uncounted, record.finished_at = len(ids), uncounted, now
        record.save(update_fields=["matched", "uncounted", "finished_at"])
        signals.petition_signatures_voided.send(sender=Signature, signature_ids=ids)
    return {"matched": len(ids), "uncounted": uncounted}
