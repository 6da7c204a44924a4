"""The demo's API keys: one for the national site, acting as the demo's
administrator, and one for each candidate site, acting as the candidate (their
territory, their masking). Their tokens are derived from the SECRET_KEY, so a
second run finds the same keys and prints the same tokens. And a webhook
subscription of the national site to the local receiver that
``manage.py webhook_receiver`` starts (its secret derived the same way)."""

import base64
import hashlib
import hmac
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from rostra import scoping
from wagtail.models import Site

from rostra_api import keys
from rostra_api.models import ApiKey

EVERYTHING = ["read", "write"]


def demo_receiver_port():
    # scripts/run-demo sets it beside its own port, so two demos can run at once.
    return int(os.environ.get("ROSTRA_DEMO_WEBHOOK_PORT", "8099"))


def demo_webhook_secret():
    digest = hmac.new(settings.SECRET_KEY.encode(), b"rostra-demo-webhook", hashlib.sha256)
    return "whsec_" + base64.b64encode(digest.digest()[:24]).decode()


def demo_subscription(demo, url=None):
    from rostra_api.models import WebhookSubscription

    url = url or f"http://127.0.0.1:{demo_receiver_port()}/"
    subscription, _created = WebhookSubscription.objects.update_or_create(
        site=demo.site,
        secret=demo_webhook_secret(),
        defaults={
            "url": url,
            "events": list(WebhookSubscription.Event.values),
            "allow_private": True,  # the receiver runs on this machine
        },
    )
    demo.say(f"Webhooks of {demo.site.hostname} go to {url} (manage.py webhook_receiver).")
    return subscription


def _demo_secret(site, user):
    message = f"rostra-demo-api-key:{site.pk}:{user.pk}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return digest[:12], digest[12:56]


def demo_key(demo, site, user, name):
    from rostra import osdi

    prefix, secret = _demo_secret(site, user)
    scopes = {"people": EVERYTHING} | {resource: ["read"] for resource in osdi.resources()}
    if not ApiKey.objects.filter(prefix=prefix).exists():
        keys.make(site=site, name=name, user=user, scopes=scopes, prefix=prefix, secret=secret)
    token = f"{keys.TOKEN_PREFIX}{prefix}_{secret}"
    demo.say(f"API key “{name}” ({site.hostname}): {token}")
    return token


def finish(demo):
    if demo.site is None:
        return
    users = get_user_model().objects
    admin = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if admin is None:
        return
    demo.extra["api_keys"] = {"national": demo_key(demo, demo.site, admin, "Demo: national")}
    demo.extra["api_webhook"] = demo_subscription(demo)
    for login in demo.logins:
        user = users.filter(username=login.username, is_superuser=False).first()
        site_ids = scoping.site_ids_for(user) if user else None
        if not site_ids:
            continue  # national staff: the national key above
        site = Site.objects.get(pk=sorted(site_ids)[0])
        demo.extra["api_keys"][site.hostname] = demo_key(demo, site, user, f"Demo: {login.role}")
