"""A refund moves the gift's modified_date in the API, so that a tool which
syncs with ``filter=modified_date gt '<its last sync>'`` sees the refund; a
cheque entered today for last week is "modified today" too."""

import datetime
from urllib.parse import quote

import pytest
from django.utils import timezone
from rostra_api.tests.conftest import ApiClient, key_for
from rostra_donations import treasurer_actions
from rostra_donations.models import Donation, DonationStatus

pytestmark = pytest.mark.django_db
CHEQUE = {
    "kind": "gift",
    "method": "cheque",
    "amount": 15000,
    "first_name": "Paul",
    "last_name": "Martin",
    "email": "paul@example.org",
    "address_line1": "2 place du Marché",
    "postcode": "13001",
    "town": "Marseille",
}


def changed_since(client, moment):
    since = moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = client.get(f"/api/osdi/v1/donations?filter={quote(f'modified_date gt {since!r}')}")
    assert body.status_code == 200, body.content
    return body.json()["_embedded"]["osdi:donations"]


def test_a_refund_is_seen_by_a_modified_date_filter(
    national_site, admin_user, django_capture_on_commit_callbacks
):
    client = ApiClient(key_for(national_site, admin_user, {"donations": ["read"]})[1])
    paid = timezone.now() - datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        gift = treasurer_actions.record_offline(
            national_site, {**CHEQUE, "paid_at": paid}, user=admin_user
        )
    # Recorded today for a cheque of ten days ago: today's sync sees it.
    (seen,) = changed_since(client, timezone.now() - datetime.timedelta(minutes=5))
    assert seen["status"] == DonationStatus.PAID
    assert seen["action_date"] < seen["modified_date"]

    # A tool synced an hour after the gift was recorded...
    recorded = timezone.now() - datetime.timedelta(hours=2)
    Donation.objects.filter(pk=gift.pk).update(updated_at=recorded)
    last_sync = recorded + datetime.timedelta(hours=1)
    assert changed_since(client, last_sync) == []
    # ...then the treasurer refunds it: the next sync sees the refund.
    with django_capture_on_commit_callbacks(execute=True):
        treasurer_actions.refund(gift, amount=15000, reason="Erreur", user=admin_user)
    (seen,) = changed_since(client, last_sync)
    assert seen["identifiers"] == [f"rostra:{gift.pk}"]
    assert seen["status"] == DonationStatus.REFUNDED
    assert seen["modified_date"] > last_sync.isoformat().replace("+00:00", "Z")
    single = client.get(f"/api/osdi/v1/donations/{gift.pk}").json()
    assert single["modified_date"] == seen["modified_date"]
