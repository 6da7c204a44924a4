"""The local test mode's stand-in for Stripe's hosted payment page.

Only served when no Stripe key is configured and test mode is allowed
(development, or ROSTRA_DONATIONS_TEST_MODE=1). Paying here makes the local
stand-in produce the events Stripe would send; each is signed with the test
mode's webhook secret and goes through the same verification and ledger code
as a real webhook.
"""

import json

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from rostra_donations import conf, providers, webhooks
from rostra_donations.models import Donation, PaymentAttempt
from rostra_donations.testmode import stripe as local


def deliver(provider, site, events):
    """Sign and deliver events exactly as Stripe would post them."""
    for event in events:
        body = json.dumps(event)
        header = local.sign(body, local.WEBHOOK_SECRET)
        parsed = provider.parse_webhook(body.encode(), {"Stripe-Signature": header})
        webhooks.receive(site, provider, parsed)


@require_http_methods(["GET", "POST"])
def checkout_page(request, session_id):
    if not conf.test_mode_allowed():
        raise Http404
    attempt = (
        PaymentAttempt.objects.filter(session_ref=session_id).select_related("donation").first()
    )
    if attempt is None:
        raise Http404
    donation = attempt.donation
    provider = providers.online_for_site(donation.site)
    if provider is None or not provider.test_mode:
        raise Http404
    stand_in = provider.stand_in
    session = stand_in.get(session_id)
    if session is None:
        raise Http404
    if session["status"] == "complete" and session["payment_status"] == "paid":
        # As Stripe's page: a paid checkout is never offered again; its receipt is.
        return HttpResponseRedirect(session["success_url"])
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel" or session["status"] == "expired":
            return HttpResponseRedirect(session["cancel_url"])
        if action in ("card", "sepa_debit") and session["status"] == "open":
            deliver(provider, donation.site, stand_in.complete(session_id, method=action))
            if action == "card":
                return HttpResponseRedirect(session["success_url"])
            return HttpResponseRedirect(request.path)
        if action in ("sepa_succeeded", "sepa_failed") and session["status"] == "complete":
            events = stand_in.settle(session_id, succeeded=action == "sepa_succeeded")
            deliver(provider, donation.site, events)
            return HttpResponseRedirect(session["success_url"])
        return HttpResponseRedirect(request.path)
    return render(
        request,
        "donations/test_checkout.html",
        {
            "session": session,
            "donation": Donation.objects.get(pk=donation.pk),
            "amount": session["amount_total"] / 100,
            "monthly": session["mode"] == "subscription",
        },
    )
