"""Archive after close and anonymise N months later (default 6, like the UK
Parliament's petitions): names, addresses, phone, IP hash and token go; the
territory codes stay so the published figures do not change.

Never-confirmed signatures are deleted after ``PETITIONS_UNCONFIRMED_DAYS``
(default 30, never less than the link's validity), and the people they alone
brought in are erased through the people API: an address nobody proved is not a
supporter. Run daily by ``manage.py apply_retention`` (registered in apps.py) and
by the plugin's own daily task; ``manage.py purge_unconfirmed_signatures`` runs it
alone.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from rostra import signals
from rostra.people import api
from rostra.people.models import Consent, Person, TimelineEntry

from rostra_petitions import conf, counting, snapshots
from rostra_petitions.models import PetitionLimits, PetitionPage, PetitionState, Signature

ANONYMOUS = {
    "first_name": "",
    "last_name": "",
    "email": "",
    "email_canonical": "",
    "email_domain": "",
    "postcode": "",
    "phone": "",
    "ip_hash": "",
    "token": "",
    "consents": [],
    "person": None,
}


def anonymise(signatures, now=None):
    """Strip personal data from these signatures; returns how many."""
    return signatures.filter(anonymised_at__isnull=True).update(
        anonymised_at=now or timezone.now(), **ANONYMOUS
    )


def archive(petition, now=None):
    """Close a petition for good: recount, drop never-confirmed signatures."""
    now = now or timezone.now()
    counting.recount([petition.pk])
    with transaction.atomic():
        state = PetitionState.for_petition(petition)
        pending = Signature.objects.filter(petition=petition, state=Signature.State.PENDING)
        ids = list(pending.values_list("pk", flat=True))
        dropped, _ = Signature.objects.filter(pk__in=ids).delete()
        signals.petition_signatures_voided.send(sender=Signature, signature_ids=ids)
        PetitionState.objects.filter(pk=state.pk).update(archived_at=now)
        snapshots.changed()  # an update() sends no signal: the signing endpoint must know
    return dropped


def months_ago(months, now):
    return now - datetime.timedelta(days=round(30.44 * months))


def run(now=None):
    """Anonymise the signatures of every petition closed more than N months ago."""
    now = now or timezone.now()
    months = PetitionLimits.load().anonymise_after_months
    cutoff = months_ago(months, now)
    done = {}
    for petition in PetitionPage.objects.filter(deadline__isnull=False):
        state = PetitionState.for_petition(petition)
        closed = state.archived_at or petition.closes_at
        if state.anonymised_at or closed is None or closed > cutoff:
            continue
        with transaction.atomic():
            count = anonymise(Signature.objects.filter(petition=petition), now)
            PetitionState.objects.filter(pk=state.pk).update(anonymised_at=now)
        done[petition.pk] = count
    return done


# What a person brought in by a signing has on their timeline until they confirm:
# the signup, emails sent to them, views and exports by staff, a phone we could not
# read. Anything else (a gift, an import, a note, a change of details) means they
# are known for another reason: they are kept.
_UNCONFIRMED_TRACES = Q(
    kind__in=(
        TimelineEntry.Kind.SIGNUP,
        TimelineEntry.Kind.EMAIL,
        TimelineEntry.Kind.VIEW,
        TimelineEntry.Kind.EXPORT,
    )
) | Q(kind=TimelineEntry.Kind.NOTE, message=api.PHONE_NOT_UNDERSTOOD)


def never_confirmed(now=None):
    """Signatures never confirmed whose link has long expired (pending, or
    fraudulent ones that never "confirmed")."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=conf.unconfirmed_days())
    return Signature.objects.filter(
        validated_at__isnull=True,
        state__in=(Signature.State.PENDING, Signature.State.FRAUDULENT),
        created_at__lt=cutoff,
        source=Signature.Source.ONLINE,
    )


def _people_only_here(person_ids, stale_ids):
    """Of these people, those known only through these stale signatures."""
    other_signatures = Signature.objects.filter(person=OuterRef("pk")).exclude(pk__in=stale_ids)
    other_traces = TimelineEntry.objects.filter(person=OuterRef("pk")).exclude(_UNCONFIRMED_TRACES)
    return (
        Person.objects.filter(pk__in=person_ids, erased_at__isnull=True, merged_into__isnull=True)
        .exclude(Exists(other_signatures))
        .exclude(Exists(Consent.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(other_traces))
    )


def purge_unconfirmed(*, now=None, dry_run=False, progress=None, chunk=500):
    """Delete never-confirmed signatures older than N days and erase the people they
    alone created. Returns {"signatures": n, "people": n}. They were never counted:
    no count changes."""
    stale = never_confirmed(now)
    total = stale.count()
    done = {"signatures": 0, "people": 0}
    if dry_run:
        ids = list(stale.values_list("pk", flat=True))
        people = stale.exclude(person=None).values_list("person_id", flat=True).distinct()
        return {"signatures": total, "people": _people_only_here(people, ids).count()}
    while True:
        rows = list(stale.values_list("pk", "person_id")[:chunk])
        if not rows:
            break
        ids = [pk for pk, _person in rows]
        people = {person for _pk, person in rows if person}
        with transaction.atomic():
            erase = list(_people_only_here(people, ids))
            deleted = Signature.objects.filter(pk__in=ids).delete()[1]
            signals.petition_signatures_voided.send(sender=Signature, signature_ids=ids)
            done["signatures"] += deleted.get(Signature._meta.label, 0)
            for person in erase:
                api.erase(person)
            done["people"] += len(erase)
        if progress:
            progress(done["signatures"], total)
    return done
