"""Outgoing webhooks: each core signal becomes one event row (its id stable
across retries), owed to every active subscription of the site that asked for
that kind; background tasks deliver them at least once, retried with
exponential backoff for up to 3 days; a subscription failing too long is
switched off and the site's administrators are told."""

import base64
import datetime
import secrets
import uuid

from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone
from rostra.worker.queueing import with_commit

from rostra_api import delivery
from rostra_api.models import WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription

FIRST_RETRY = datetime.timedelta(seconds=30)
GIVE_UP_AFTER = datetime.timedelta(days=3)
# Deliveries given up in a row before the subscription is switched off.
DISABLE_AFTER = 10


def new_secret():
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def backoff(attempts):
    """30 s, 1 min, 2 min, … doubling, at most 12 hours apart."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), datetime.timedelta(hours=12))


def record(site, kind, payload):
    """The event, and a delivery for each subscription that wants it; the
    deliveries are queued with the transaction that made the event."""
    if site is None:
        return None
    subscriptions = [
        subscription
        for subscription in WebhookSubscription.objects.filter(site=site, active=True)
        if kind in subscription.events
    ]
    if not subscriptions:
        return None
    event = WebhookEvent.objects.create(
        id=f"evt_{uuid.uuid4().hex}", site=site, kind=kind, payload=payload
    )
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(subscription=s, event=event) for s in subscriptions]
    )
    ids = [d.pk for d in deliveries]
    with_commit(lambda: [deliver_task.enqueue(pk) for pk in ids])
    return event


@task
def deliver_task(delivery_id):
    deliver(delivery_id)


def deliver(delivery_id, *, now=None):
    """Try one delivery if it is due. Safe to run twice: the row is locked
    (SKIP LOCKED) and a delivered or not-yet-due row is left alone."""
    now = now or timezone.now()
    with transaction.atomic():
        found = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("subscription", "event")
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if found is None or not found.subscription.active:
            return None
        status, error = None, ""
        try:
            status = delivery.post(found.subscription, found.event)
        except delivery.Refused as refusal:
            error = str(refusal)
        except (OSError, ValueError) as failure:  # refused connection, timeout, TLS
            error = f"{type(failure).__name__}: {failure}"[:255]
        _note(found, status, error, now)
    return found


def _note(found, status, error, now):
    WebhookAttempt.objects.create(delivery=found, at=now, status_code=status, error=error)
    found.attempts += 1
    found.last_status_code, found.last_error = status, error
    subscription = found.subscription
    if status is not None and 200 <= status < 300:
        found.status, found.delivered_at = WebhookDelivery.Status.DELIVERED, now
        WebhookSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=0)
    elif now + backoff(found.attempts) - found.event.created_at > GIVE_UP_AFTER:
        found.status = WebhookDelivery.Status.FAILED
        WebhookSubscription.objects.filter(pk=subscription.pk).update(
            consecutive_failures=F("consecutive_failures") + 1
        )
        subscription.refresh_from_db(fields=["consecutive_failures"])
        if subscription.consecutive_failures >= DISABLE_AFTER:
            from rostra_api import webhook_alerts

            webhook_alerts.disable(subscription, now)
    else:
        found.next_attempt_at = now + backoff(found.attempts)
    found.save()


def deliver_due(*, now=None, limit=1000):
    """Every delivery due by now (``manage.py deliver_webhooks``, run every
    minute): the retries, and anything a lost task left behind."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now, subscription__active=True
    ).values_list("pk", flat=True)[:limit]
    return [deliver(pk, now=now) for pk in list(due)]


def redeliver(delivery_row):
    """By hand, from the admin: owed again now, whatever happened before."""
    WebhookDelivery.objects.filter(pk=delivery_row.pk).update(
        status=WebhookDelivery.Status.PENDING, next_attempt_at=timezone.now()
    )
    with_commit(lambda: deliver_task.enqueue(delivery_row.pk))
