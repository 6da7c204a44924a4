import functools

from django.db import connection
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext_noop
from rostra import signals
from rostra.sitesettings.names import site_name
from rostra.worker.queueing import with_commit

from rostra_network.models import Blueprint, CandidateProfile

CAME_FROM = gettext_noop("Signed “%(title)s” from the site of %(site)s")


def blueprint_saved(sender, instance, **kwargs):
    # With the change: the worker reads the saved blueprint, and a process
    # killed just after the commit cannot lose the propagation.
    from rostra_network.tasks import propagate_blueprint

    with_commit(propagate_blueprint.enqueue)


def profile_saved(sender, instance, **kwargs):
    # The header names the candidate from their profile (branding.identity).
    from rostra_network import branding

    branding.forget_identity(instance.site_id)


def petition_signed(sender, site, signature, request=None, **kwargs):
    """A signature of a national petition that came from a candidate site
    (its link carries ``via=<slug>``) is noted for that site; it counts once
    confirmed (petition_confirmed). One the plugin that sent it holds as
    fraudulent (never counted, never confirmed) is not noted at all."""
    from rostra_network.models import CandidateSite, SignatureCredit

    if getattr(signature, "state", None) != "pending":
        return
    via = ""
    if request is not None:
        via = (request.POST.get("via") or request.GET.get("via") or "")[:63]
    if not via:
        return
    candidate = CandidateSite.objects.filter(slug=via).select_related("site").first()
    if candidate is None or candidate.site_id == site.pk:
        return
    SignatureCredit.objects.get_or_create(
        signature_id=signature.pk,
        defaults={"site": candidate.site, "petition_id": signature.petition_id},
    )


def petition_confirmed(sender, site, signature, **kwargs):
    """Once the signer has confirmed their address, a credited signature puts
    them among that candidate's supporters (they acted on their site). Not
    before: an address someone merely typed changes no supporter list."""
    from rostra.people import api
    from rostra.people.models import TimelineEntry

    from rostra_network.models import SignatureCredit

    # Nearly every signature has no credit: one indexed lookup of a statement
    # written once (one per confirmation, in the batches that record them; the
    # ORM's took more CPU than the rest of the recording), the rest only if found.
    credit_id = _credit_of(signature.pk)
    if credit_id is None:
        return
    SignatureCredit.objects.filter(pk=credit_id, confirmed_at__isnull=True).update(
        confirmed_at=signature.validated_at or timezone.now()
    )
    if not signature.person_id:
        return
    credit = SignatureCredit.objects.select_related("site__candidate").get(pk=credit_id)
    candidate = getattr(credit.site, "candidate", None)
    api.add_to_timeline(
        signature.person,
        kind=TimelineEntry.Kind.SIGNATURE,
        site=credit.site,
        message=CAME_FROM,
        params={
            "title": str(signature.petition),
            "site": candidate.name if candidate else site_name(credit.site),
        },
    )


def petition_signatures_voided(sender, signature_ids, **kwargs):
    """Invalidated, or deleted before confirmation: no longer credited."""
    from rostra_network.models import SignatureCredit

    SignatureCredit.objects.filter(signature_id__in=list(signature_ids)).delete()


@functools.cache
def _credit_lookup():
    from rostra_network.models import SignatureCredit

    meta = SignatureCredit._meta
    quote = connection.ops.quote_name
    signature = quote(meta.get_field("signature_id").column)
    # Only the model's own table and column names are interpolated.
    return f"SELECT {quote(meta.pk.column)} FROM {quote(meta.db_table)} WHERE {signature} = %s"  # noqa: S608


def _credit_of(signature_id):
    with connection.cursor() as cursor:
        cursor.execute(_credit_lookup(), [signature_id])
        row = cursor.fetchone()
    return row[0] if row else None


def connect():
    signals.petition_signed.connect(petition_signed, dispatch_uid="network-credit-signature")
    signals.petition_confirmed.connect(
        petition_confirmed, dispatch_uid="network-credited-signature-confirmed"
    )
    signals.petition_signatures_voided.connect(
        petition_signatures_voided, dispatch_uid="network-voided-signatures"
    )
    post_save.connect(blueprint_saved, sender=Blueprint, dispatch_uid="network-blueprint-saved")
    post_save.connect(profile_saved, sender=CandidateProfile, dispatch_uid="network-profile-saved")
