"""``attendance.created``: an RSVP made on an event page (the organising
plugin sends the core signal event_rsvp_changed; the API plugin hears the core
signal, not the plugin) reaches a subscribed endpoint, signed the Standard
Webhooks way and OSDI-shaped as the API serves the attendance."""

import json

import pytest
from rostra_api import webhooks
from rostra_api.models import WebhookEvent, WebhookSubscription
from rostra_api.tests.receiver import Receiver
from rostra_organising.events.models import Rsvp
from rostra_organising.tests.conftest import (  # noqa: F401 (a fixture)
    _organising_settings,
    committed,
    make_event,
    rsvp,
)
from standardwebhooks.webhooks import Webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.stop()


def subscribe(site, url, events, user):
    return WebhookSubscription.objects.create(
        site=site,
        url=url,
        events=list(events),
        secret=webhooks.new_secret(),
        allow_private=True,
        created_by=user,
    )


def test_an_rsvp_arrives_as_a_signed_attendance_created(
    client, national_site, admin_user, receiver
):
    subscription = subscribe(national_site, receiver.url, ["attendance.created"], admin_user)
    event = make_event(national_site)
    assert rsvp(client, event).status_code == 200
    made = Rsvp.objects.get()

    ((headers, body),) = receiver.received
    payload = Webhook(subscription.secret).verify(body, headers)
    assert payload["type"] == "attendance.created"
    assert payload["id"] == headers["webhook-id"] == WebhookEvent.objects.get().id
    data = payload["data"]
    assert data["identifiers"] == [f"rostra:{made.pk}"]
    assert data["status"] == "accepted" and data["attended"] is False
    base = "http://localhost/api/osdi/v1/"
    assert data["_links"]["self"]["href"] == f"{base}attendances/{made.pk}"
    assert data["_links"]["osdi:event"]["href"] == f"{base}events/{event.pk}"
    assert data["_links"]["osdi:person"]["href"] == f"{base}people/{made.person_id}"
    with pytest.raises(Exception, match="signature"):
        Webhook(webhooks.new_secret()).verify(body, headers)


def test_only_a_new_rsvp_is_an_attendance_created(client, national_site, admin_user, receiver):
    subscribe(national_site, receiver.url, ["attendance.created"], admin_user)
    event = make_event(national_site)
    rsvp(client, event)
    made = Rsvp.objects.get()
    from rostra_organising.events import messages

    # Cancelled, checked in: the same core signal, other changes: no new attendance.
    with committed():
        messages.tell(made, "cancelled")
    assert len(receiver.received) == 1
    assert WebhookEvent.objects.filter(kind="attendance.created").count() == 1


def test_a_site_without_the_subscription_sends_nothing(
    client, national_site, other_site, admin_user, receiver
):
    subscribe(other_site, receiver.url, ["attendance.created"], admin_user)
    subscribe(national_site, receiver.url, ["person.created"], admin_user)
    rsvp(client, make_event(national_site))
    kinds = [json.loads(body)["type"] for _headers, body in receiver.received]
    assert "attendance.created" not in kinds
    assert not WebhookEvent.objects.filter(kind="attendance.created").exists()
