"""Provider webhooks: verified on the raw body, each event stored once in the
same transaction as its effect."""

import logging

from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Site

from rostra_donations import ledger, providers
from rostra_donations.models import WebhookEvent

logger = logging.getLogger(__name__)


def receive(site, provider, event):
    """Apply a verified event once. Returns False for a duplicate."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = WebhookEvent.objects.create(
                    provider=provider.code, event_id=event.id, type=event.type, site=site
                )
        except IntegrityError:
            return False
        effects = [ledger.apply(outcome, site) for outcome in event.outcomes]
        row.outcome = "; ".join(effects)[:255] or "ignored"
        row.save(update_fields=["outcome"])
    return True


@csrf_exempt  # the signature is the credential
@require_POST
def stripe_webhook(request, site_id):
    site = Site.objects.filter(pk=site_id).first()
    provider = providers.online_for_site(site) if site else None
    if provider is None or provider.code != "stripe":
        return HttpResponseNotFound("no Stripe account for this site")
    try:
        event = provider.parse_webhook(request.body, request.headers)
    except providers.InvalidWebhook as error:
        logger.warning("Rejected a Stripe webhook for site %s: %s", site_id, error)
        return HttpResponseBadRequest("invalid signature")
    if not receive(site, provider, event):
        return HttpResponse("duplicate", content_type="text/plain")
    return JsonResponse({"received": True})
