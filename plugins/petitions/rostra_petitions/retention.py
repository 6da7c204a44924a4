"""Archive after close and anonymise N months later (default 6, like the UK
Parliament's petitions): names, addresses, phone, IP hash and token go; the
territory codes stay so the published figures do not change."""

import datetime

from django.db import transaction
from django.utils import timezone

from rostra_petitions import counting
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
        dropped, _ = Signature.objects.filter(
            petition=petition, state=Signature.State.PENDING
        ).delete()
        PetitionState.objects.filter(pk=state.pk).update(archived_at=now)
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
