"""Outgoing webhooks: OSDI payloads signed the Standard Webhooks way (checked
with the package's own verifier), delivered at least once with backoff,
logged, redelivered by hand, switched off after repeated failure with an
email; private addresses refused unless allowed, again at delivery."""

import datetime
import json
import socket

import pytest
from django.core import mail
from django.utils import timezone
from rostra.people import api as people_api
from standardwebhooks.webhooks import Webhook

from rostra_api import delivery, webhooks
from rostra_api.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from rostra_api.tests.receiver import Receiver


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.stop()


def subscribe(site, url, events=("person.created",), allow_private=True, user=None):
    return WebhookSubscription.objects.create(
        site=site,
        url=url,
        events=list(events),
        secret=webhooks.new_secret(),
        allow_private=allow_private,
        created_by=user,
    )


def sign_up(site, email="lea@example.org", capture=None):
    with capture(execute=True):
        return people_api.find_or_create(email=email, first_name="Léa", site=site)[0]


def test_an_event_arrives_signed_and_osdi_shaped(
    national_site, admin_user, receiver, django_capture_on_commit_callbacks
):
    subscription = subscribe(national_site, receiver.url, user=admin_user)
    person = sign_up(national_site, capture=django_capture_on_commit_callbacks)
    ((headers, body),) = receiver.received
    payload = Webhook(subscription.secret).verify(body, headers)
    assert payload["type"] == "person.created"
    assert payload["id"] == headers["webhook-id"] == WebhookEvent.objects.get().id
    assert payload["data"]["identifiers"] == [f"rostra:{person.pk}"]
    assert payload["data"]["email_addresses"][0]["address"] == "lea@example.org"
    with pytest.raises(Exception, match="signature"):
        Webhook(webhooks.new_secret()).verify(body, headers)


def test_retried_with_backoff_then_delivered_once_with_the_same_id(
    national_site, receiver, django_capture_on_commit_callbacks
):
    subscribe(national_site, receiver.url)
    receiver.status = 503  # the receiver is down
    sign_up(national_site, capture=django_capture_on_commit_callbacks)
    owed = WebhookDelivery.objects.get()
    assert (owed.status, owed.attempts, owed.last_status_code) == ("pending", 1, 503)
    first_try = owed.log.get().at
    assert owed.next_attempt_at - first_try == datetime.timedelta(seconds=30)
    assert webhooks.deliver_due(now=first_try + datetime.timedelta(seconds=10)) == []
    receiver.status = 200
    webhooks.deliver_due(now=first_try + datetime.timedelta(seconds=31))
    owed.refresh_from_db()
    assert owed.status == "delivered"
    assert [a.status_code for a in owed.log.order_by("at")] == [503, 200]
    ids = {headers["webhook-id"] for headers, _body in receiver.received}
    assert len(receiver.received) == 2 and len(ids) == 1
    webhooks.deliver(owed.pk)  # a task run twice sends nothing more
    webhooks.deliver_due(now=timezone.now() + datetime.timedelta(days=1))
    assert len(receiver.received) == 2


def test_backoff_doubles_and_gives_up_after_three_days():
    assert [webhooks.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert webhooks.backoff(30) == datetime.timedelta(hours=12)


def test_repeated_failure_switches_off_and_tells_the_admins(
    national_site, admin_user, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(webhooks, "DISABLE_AFTER", 2)
    subscription = subscribe(national_site, receiver.url)
    receiver.status = 500
    for n in range(2):
        sign_up(
            national_site, email=f"p{n}@example.org", capture=django_capture_on_commit_callbacks
        )
    WebhookEvent.objects.update(created_at=timezone.now() - datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.deliver_due(now=timezone.now() + datetime.timedelta(hours=1))
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"failed"}
    subscription.refresh_from_db()
    assert not subscription.active and subscription.disabled_at
    (email,) = mail.outbox
    assert email.to == [admin_user.email]
    assert receiver.url in email.body
    # Switched back on, what it missed is redelivered by hand.
    subscription.active = True
    subscription.save()
    receiver.status = 200
    with django_capture_on_commit_callbacks(execute=True):
        for owed in WebhookDelivery.objects.all():
            webhooks.redeliver(owed)
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_a_private_address_is_refused_unless_allowed(receiver):
    with pytest.raises(delivery.Refused):
        delivery.resolve(receiver.url, allow_private=False)
    with pytest.raises(delivery.Refused):
        delivery.resolve("http://example.org/hook", allow_private=False)  # not https
    assert delivery.resolve(receiver.url, allow_private=True)[4] == "127.0.0.1"
    for address in ("10.0.0.1", "192.168.1.1", "169.254.169.254", "::1", "fe80::1"):
        assert not delivery.is_public(address)
    assert delivery.is_public("93.184.215.14")


def test_a_name_that_resolves_privately_at_delivery_is_refused(
    national_site, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    """DNS rebinding: public when subscribed, loopback when delivering."""
    subscribe(national_site, "https://hooks.example.org/x", allow_private=False)
    port = receiver.server.server_address[1]

    def rebound(host, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebound)
    sign_up(national_site, capture=django_capture_on_commit_callbacks)
    owed = WebhookDelivery.objects.get()
    assert "private" in owed.last_error
    assert receiver.received == []


def test_consent_and_unsubscribe_events(
    national_site, receiver, django_capture_on_commit_callbacks
):
    subscription = subscribe(national_site, receiver.url, events=["consent.changed", "unsubscribe"])
    person = people_api.find_or_create(email="lea@example.org")[0]
    with django_capture_on_commit_callbacks(execute=True):
        people_api.record_consent(
            person, purpose="newsletter", granted=False, where="unsubscribe", site=national_site
        )
    kinds = [json.loads(body)["type"] for _headers, body in receiver.received]
    assert kinds == ["consent.changed", "unsubscribe"]
    for headers, body in receiver.received:
        Webhook(subscription.secret).verify(body, headers)
