"""Provider webhooks: verified on the raw body, each event stored once per site
in the same transaction as its effect.

The site in the URL is the only authority: its own secret verifies the event,
and the ledger resolves what the event names among that site's rows only. An
event naming another site's payment is refused (stored, logged, no effect);
one naming nothing known yet is kept until its object appears. The answer is
the same in every case, so a secret's holder learns nothing of other sites."""

import logging

from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Site

from rostra_donations import ledger, providers
from rostra_donations.models import PaymentSettings, WebhookEvent

logger = logging.getLogger(__name__)


def receive(site, provider, event):
    """Apply a verified event once. Returns False for a duplicate.

    The unique (provider, site, event id) row is the guard: inserted first, in the
    transaction of the event's effects, so a concurrent redelivery waits on it
    and then fails. No savepoint: a duplicate fails the whole transaction,
    which has done nothing else yet. An event the ledger has no use for is one
    insert in autocommit.
    """
    fields = {"provider": provider.code, "event_id": event.id, "type": event.type, "site": site}
    if not event.outcomes and transaction.get_autocommit():
        try:
            WebhookEvent.objects.create(**fields, outcome="ignored")
        except IntegrityError:
            return False
        return True
    inserted = False
    try:
        with transaction.atomic():
            row = WebhookEvent.objects.create(**fields)
            inserted = True
            effects = [ledger.apply(outcome, site, event=row) for outcome in event.outcomes]
            row.outcome = "; ".join(effects)[:255] or "ignored"
            row.save(update_fields=["outcome"])
    except IntegrityError:
        if inserted:
            raise  # an effect failed, not the guard: let the provider retry
        return False
    return True


@csrf_exempt  # the signature is the credential
@require_POST
def stripe_webhook(request, site_id):
    # One query for the site and its account (the hot path of a busy day).
    settings = PaymentSettings.objects.select_related("site").filter(site_id=site_id).first()
    site = settings.site if settings else Site.objects.filter(pk=site_id).first()
    provider = providers.online_for_site(site, settings) if site else None
    if provider is None or provider.code != "stripe":
        return HttpResponseNotFound("no Stripe account for this site")
    try:
        event = provider.parse_webhook(request.body, request.headers)
    except providers.InvalidWebhook as error:
        logger.warning("Rejected a Stripe webhook for site %s: %s", site_id, error)
        if isinstance(error, providers.MalformedEvent):
            # Signed, but not an event Stripe sends: say what is wrong, store nothing.
            return HttpResponseBadRequest(f"malformed event: {error}", content_type="text/plain")
        return HttpResponseBadRequest("invalid signature", content_type="text/plain")
    if not receive(site, provider, event):
        return HttpResponse("duplicate", content_type="text/plain")
    return JsonResponse({"received": True})
