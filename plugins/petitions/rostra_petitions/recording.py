"""Confirmed signatures reach the supporter database in batches, by the task
worker (docs/petitions.md, "Confirming").

Confirming a signature is one short transaction in the request: the signature
moves from pending to validated, its +1 count delta and a ``Confirmation`` row
(the outbox, with the click's evidence) are appended. What the address's proof
allows next — the signer's details merged into their person record, their
consent choices entered in the ledger with the wording they were shown, the
signature on their timeline, ``petition_confirmed`` for the other plugins —
is done here, for many confirmations at once, a moment later: done one by one
in the request, it cost as much as the rest of the confirmation twice over
(cProfile, docs/PERFORMANCE.md).

Exactly once: a batch deletes the ``Confirmation`` rows it takes
(``FOR UPDATE SKIP LOCKED``: two workers take different rows) in the
transaction that writes what they record. If the worker dies, nothing of the
batch stays and the rows wait for the next run; a row is recorded only by the
transaction that deleted it. ``heal`` (called by count.json) schedules a run
for rows left waiting by a lost task.
"""

import datetime
import logging
import time

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from rostra import plugins, signals
from rostra.people import api, ledger, signups
from rostra.people.models import Consent, SourceKind, TimelineEntry

from rostra_petitions.models import Confirmation, PetitionPage, Signature

logger = logging.getLogger(__name__)

_SCHEDULED_KEY = "petitions:recording-scheduled"
_HEAL_KEY = "petitions:recording-healed"
BATCH = 200
# As the confirmation emails' runs (confirmations.py): a run starts a moment
# after the confirmation that queued it, so that a rush shares runs.
GATHER_SECONDS = 1.0
TIME_BUDGET = 2.0


def evidence(request):
    """(hashed IP, browser, user id) of the click, for the consent ledger, as
    ``api.record_consent`` takes them from the request."""
    ip_hash, user_agent, user = api.consent_evidence(request)
    return ip_hash, user_agent, user.pk if user is not None else None


def append(signature, click, when):
    """The outbox row of a signature validated now, in the caller's transaction
    (which then calls ``schedule``, once committed). ``click``: ``evidence()``.
    On PostgreSQL the confirmation writes it in its one statement instead
    (signature_rows.confirm)."""
    ip_hash, user_agent, user_id = click
    Confirmation.objects.create(
        signature_id=signature.pk,
        confirmed_at=when,
        ip_hash=ip_hash,
        user_agent=user_agent,
        user_id=user_id,
    )


def schedule():
    """Make sure a run is queued for the confirmations waiting now: one waits in
    the queue at most (``cache.add``; a run drops the key when it starts, so a
    confirmation committed after that queues the next)."""
    if cache.add(_SCHEDULED_KEY, 1, 10):
        try:
            from rostra_petitions import tasks

            tasks.enqueue_after(tasks.record_confirmations, GATHER_SECONDS)
        except Exception:  # heal or the next confirmation schedules it again
            logger.exception("could not schedule the recording of confirmations")
            cache.delete(_SCHEDULED_KEY)


def heal():
    """Called by count.json (at most once a minute): confirmations left waiting
    by a lost task (the worker was killed) are scheduled again."""
    if not cache.add(_HEAL_KEY, 1, 60):
        return
    stale = timezone.now() - datetime.timedelta(seconds=30)
    if Confirmation.objects.filter(confirmed_at__lt=stale).exists():
        cache.delete(_SCHEDULED_KEY)
        schedule()


def record_waiting(*, batch=BATCH, budget=TIME_BUDGET):
    """Record waiting confirmations, batch after batch, for about ``budget``
    seconds. Returns how many were taken; enqueues a next run if some wait still."""
    cache.delete(_SCHEDULED_KEY)  # from now on a confirmation queues the next run
    started = time.monotonic()
    done = 0
    while True:
        taken = _record_batch(batch)
        done += taken
        if taken < batch:
            return done
        if time.monotonic() - started > budget:
            schedule()
            return done


def _record_batch(size):
    with transaction.atomic():
        taken = _take(size)
        if not taken:
            return 0
        signatures = Signature.objects.in_bulk([row.signature_id for row in taken])
        petitions = PetitionPage.objects.in_bulk({s.petition_id for s in signatures.values()})
        confirmed = [
            (row, signatures[row.signature_id])
            for row in taken
            # Erased (or anonymised by retention) meanwhile: nobody to record.
            if row.signature_id in signatures and not signatures[row.signature_id].anonymised_at
        ]
        _record(confirmed, petitions)
    return len(taken)


def _take(size):
    """Delete up to ``size`` waiting rows, oldest first, and return them."""
    if connection.vendor != "postgresql":
        # SQLite: the IMMEDIATE transaction already excludes other writers.
        rows = list(Confirmation.objects.order_by("pk")[:size])
        Confirmation.objects.filter(pk__in=[row.pk for row in rows]).delete()
        return rows
    table = connection.ops.quote_name(Confirmation._meta.db_table)
    # Only the model's own table name is interpolated.
    sql = (
        f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} ORDER BY id "  # noqa: S608
        "LIMIT %s FOR UPDATE SKIP LOCKED) "
        "RETURNING id, signature_id, confirmed_at, ip_hash, user_agent, user_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [size])
        found = cursor.fetchall()
    rows = [
        Confirmation(
            pk=pk,
            signature_id=signature_id,
            confirmed_at=confirmed_at,
            ip_hash=ip_hash,
            user_agent=user_agent,
            user_id=user_id,
        )
        for pk, signature_id, confirmed_at, ip_hash, user_agent, user_id in found
    ]
    return sorted(rows, key=lambda row: row.pk)


def _record(confirmed, petitions):
    """What confirming one signature did in the request before, for a batch:
    ``api.find_or_create`` per signer (their record found for the batch in two
    queries), the consent choices in the ledger, the signature on the timeline
    (three statements for the batch), then ``petition_confirmed`` per signature."""
    known = signups.find_many(signature.email for _row, signature in confirmed)
    sites, labels = {}, {}
    consents, entries, linked = [], [], []
    for row, signature in confirmed:
        petition = petitions[signature.petition_id]
        if petition.pk not in sites:
            site = sites[petition.pk] = petition.get_site()
            labels[petition.pk] = plugins.enabled_labels(site) if site is not None else set()
        site = sites[petition.pk]
        where_detail = petition.get_full_url() or petition.url_path
        person, _created = api.find_or_create(
            email=signature.email,
            site=site,
            source=api.Source(SourceKind.PAGE, where_detail),
            known=known.get(signature.email_canonical),
            first_name=signature.first_name,
            last_name=signature.last_name,
            postcode=signature.postcode,
            country=signature.country,
            phone=signature.phone,
            proof=api.Proof.EMAIL_CONFIRMED,
        )
        known[person.email_canonical] = person  # a second signature of the household
        if signature.person_id != person.pk:
            linked.append(signature)
        # For the receivers of petition_confirmed, without a query each.
        signature.person, signature.petition = person, petition
        consents += [
            Consent(
                person=person,
                purpose=choice["purpose"],
                channel=choice.get("channel", "email"),
                granted=True,
                wording=str(choice["wording"]),
                where=Consent.Where.PAGE,
                where_detail=where_detail[:255],
                site=site,
                ip_hash=row.ip_hash,
                user_agent=row.user_agent,
                recorded_by_id=row.user_id,
                recorded_at=signature.created_at,
            )
            # An unticked box is no decision: it withdraws nothing.
            for choice in signature.consents
            if choice.get("granted")
        ]
        entries.append(_signed(person, petition, signature, site))
    if linked:
        Signature.objects.bulk_update(linked, ["person"])
    ledger.record_many(consents)
    TimelineEntry.objects.bulk_create(entries)
    for _row, signature in confirmed:
        signals.petition_confirmed.send(
            sender=Signature,
            site=sites[signature.petition_id],
            signature=signature,
            enabled=labels[signature.petition_id],
        )


def _signed(person, petition, signature, site):
    from rostra_petitions.signing import SIGNED

    params = {"title": petition.title}
    return TimelineEntry(
        person=person,
        kind=TimelineEntry.Kind.SIGNATURE,
        summary=str(TimelineEntry(message=SIGNED, params=params).english_text)[:500],
        message=SIGNED,
        params=params,
        site=site,
        data={"petition": petition.pk, "signature": signature.pk},
        occurred_at=signature.validated_at,
    )
