"""Webhook subscriptions in the admin: a private address refused unless
allowed; the delivery log shows response codes and redelivers by hand."""

from rostra_api import webhooks
from rostra_api.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from rostra_api.tests.receiver import Receiver

ADD = "/admin/api/webhooks/new/"


def test_a_private_endpoint_is_refused_unless_allowed(client, admin_user, national_site):
    client.force_login(admin_user)
    form = {"site": national_site.pk, "url": "http://127.0.0.1:9/hook", "events": ["unsubscribe"]}
    refused = client.post(ADD, {**form, "active": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200
    assert not WebhookSubscription.objects.exists()
    made = client.post(ADD, {**form, "active": "on", "allow_private": "on"})
    assert made.status_code == 302
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret.startswith("whsec_")
    assert subscription.created_by == admin_user
    edit = client.get(f"/admin/api/webhooks/edit/{subscription.pk}/")
    assert subscription.secret in edit.content.decode()


def test_the_delivery_log_redelivers_by_hand(
    client, admin_user, national_site, django_capture_on_commit_callbacks
):
    receiver = Receiver()
    try:
        subscription = WebhookSubscription.objects.create(
            site=national_site,
            url=receiver.url,
            events=["person.created"],
            secret=webhooks.new_secret(),
            allow_private=True,
        )
        event = WebhookEvent.objects.create(
            id="evt_test", site=national_site, kind="person.created", payload={}
        )
        owed = WebhookDelivery.objects.create(
            subscription=subscription, event=event, status="failed", attempts=3
        )
        client.force_login(admin_user)
        log = client.get(f"/admin/api/webhooks/log/{subscription.pk}/")
        assert log.status_code == 200 and b"evt_test" in log.content
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/admin/api/webhooks/log/{subscription.pk}/", {"delivery": owed.pk})
        owed.refresh_from_db()
        assert owed.status == "delivered"
        assert len(receiver.received) == 1
    finally:
        receiver.stop()
