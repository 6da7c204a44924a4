"""Which provider serves a site: Stripe with the site's own account, the local
test mode when no key is configured and test mode is allowed, else none online
(gifts are then taken by cheque or transfer, recorded by a treasurer)."""

import stripe

from rostra_donations import conf
from rostra_donations.providers.base import InvalidWebhook, MalformedEvent, ProviderError
from rostra_donations.providers.offline import OfflineProvider
from rostra_donations.providers.stripe_checkout import StripeProvider

__all__ = ["InvalidWebhook", "MalformedEvent", "ProviderError", "by_code", "online_for_site"]


def stripe_client(api_key):
    """The StripeClient for one account (tests give it a local transport)."""
    return stripe.StripeClient(api_key, max_network_retries=2)


def online_for_site(site, settings=None):
    """The online provider for this site, or None (``settings``: the site's
    PaymentSettings when the caller has them already)."""
    from rostra_donations.models import PaymentSettings

    settings = settings or PaymentSettings.for_site(site)
    if settings.has_stripe:
        return StripeProvider(
            stripe_client(settings.stripe_secret_key), settings.stripe_webhook_secret
        )
    if conf.test_mode_allowed():
        from rostra_donations.testmode import stripe as local

        stand_in = local.LocalStripe(store=local.DatabaseStore())
        client = stripe.StripeClient(local.API_KEY, http_client=stand_in)
        return StripeProvider(client, local.WEBHOOK_SECRET, stand_in=stand_in)
    return None


def by_code(code, site):
    if code == OfflineProvider.code:
        return OfflineProvider()
    provider = online_for_site(site)
    if provider is None or provider.code != code:
        raise ProviderError(f"the provider {code!r} is not configured for this site")
    return provider
