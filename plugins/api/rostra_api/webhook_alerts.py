"""A subscription that keeps failing is switched off, and the site's
administrators (superusers, and whoever may change its subscriptions) are told."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from rostra.worker.queueing import with_commit

from rostra_api.models import WebhookSubscription


def administrators():
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    can_change = (
        Q(is_superuser=True)
        | Q(groups__permissions__codename="change_webhooksubscription")
        | Q(user_permissions__codename="change_webhooksubscription")
    )
    return sorted(set(users.filter(can_change).values_list("email", flat=True)))


def disable(subscription, now):
    from rostra.mail.sending import send

    changed = WebhookSubscription.objects.filter(pk=subscription.pk, active=True).update(
        active=False, disabled_at=now
    )
    if not changed:
        return  # switched off already: told once
    from rostra_api.signal_handlers import forget

    forget(WebhookSubscription, subscription)
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    context = {
        "url": subscription.url,
        "site_name": subscription.site.site_name or subscription.site.hostname,
        "failures": subscription.consecutive_failures,
        "admin_url": f"{base}/admin/api/webhooks/edit/{subscription.pk}/",
    }
    for address in administrators():
        with_commit(
            lambda address=address: send(
                "api/webhook_disabled", to=address, site=subscription.site, context=context
            )
        )
