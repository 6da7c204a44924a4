"""Brevo's webhook (/_mailings/bounces/brevo/): authenticated as Brevo
documents it (basic authentication in the URL, or a bearer token), compared
in constant time. A call without the secret is refused with a 4xx and
stores nothing; a token in X-Mailin-custom we did not sign names nothing."""

import base64
import json

import pytest
from rostra.people import api
from rostra.people.models import Consent

from rostra_mailings.bounces import verp
from rostra_mailings.models import Recipient, Undeliverable

URL = "/_mailings/bounces/brevo/"
SECRET = "s3cret-token-for-brevo"


@pytest.fixture
def sent(mailing, people, admin_user, start, settings):
    settings.ROSTRA_BREVO_WEBHOOK_SECRET = SECRET
    start(mailing, admin_user)
    return {row.person.email: row for row in Recipient.objects.select_related("person")}


def event(kind, row, **extra):
    return {
        "event": kind,
        "email": row.person.email,
        "id": 123456,
        "date": "2026-12-07 10:00:00",
        "ts": 1796637600,
        "message-id": "<202612071000.123@smtp-relay.mailin.fr>",
        "ts_event": 1796637600,
        "subject": "Hello",
        "X-Mailin-custom": verp.token_for(row),
        "reason": "mailbox unknown",
        **extra,
    }


def post(client, payload, **headers):
    return client.post(URL, json.dumps(payload), content_type="application/json", headers=headers)


def bearer(secret=SECRET):
    return {"Authorization": f"Bearer {secret}"}


def basic(user, password):
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def nothing_stored(people):
    assert not Undeliverable.objects.exists()
    assert not Consent.objects.filter(granted=False).exists()
    assert api.can_contact(people["jean"], "newsletter", "email")
    assert set(Recipient.objects.values_list("status", flat=True)) == {"sent"}


def test_calls_without_the_secret_are_refused_and_store_nothing(client, sent, people):
    payload = event("hard_bounce", sent["jean@example.org"])
    assert post(client, payload).status_code == 401
    assert post(client, payload, **bearer("guess")).status_code == 401
    assert post(client, payload, **bearer(SECRET + "x")).status_code == 401
    assert post(client, payload, **basic("brevo", "guess")).status_code == 401
    assert post(client, payload, **basic("someone", SECRET)).status_code == 401
    assert post(client, payload, Authorization="Basic not-base64!").status_code == 401
    assert client.get(URL, headers=bearer()).status_code == 405
    nothing_stored(people)


def test_off_without_a_secret(client, sent, people, settings):
    settings.ROSTRA_BREVO_WEBHOOK_SECRET = ""
    assert post(client, event("spam", sent["jean@example.org"]), **bearer("")).status_code == 404
    nothing_stored(people)


def test_a_token_we_did_not_sign_names_nothing(client, sent, people):
    row = sent["jean@example.org"]
    forged = verp.token_for(row)[:-4] + "0000"
    for token in (forged, f"m{row.pk}", ""):
        response = post(client, event("spam", row, **{"X-Mailin-custom": token}), **bearer())
        assert response.status_code == 200
    nothing_stored(people)


def test_a_hard_bounce_marks_the_address_undeliverable(client, sent, people):
    jean = sent["jean@example.org"]
    assert post(client, event("hard_bounce", jean), **bearer()).status_code == 200
    jean.refresh_from_db()
    assert jean.status == "bounced" and "Brevo" in jean.error
    assert Undeliverable.objects.filter(person=people["jean"], reason="bounce").exists()


def test_a_spam_report_withdraws_consent_with_a_ledger_row(client, sent, people):
    jean = sent["jean@example.org"]
    response = post(client, [event("spam", jean)], **basic("brevo", SECRET))  # batched
    assert response.status_code == 200
    assert not api.can_contact(people["jean"], "newsletter", "email")
    row = Consent.objects.get(person=people["jean"], granted=False)
    assert row.where_detail == f"complaint: mailing {jean.mailing_id}"
    assert Undeliverable.objects.filter(person=people["jean"], reason="complaint").exists()


def test_soft_bounce_and_unsubscription(client, sent, people):
    marie, jean = sent["marie@example.org"], sent["jean@example.org"]
    post(client, [event("soft_bounce", marie), event("unsubscribed", jean)], **bearer())
    marie.refresh_from_db()
    assert marie.status == "sent" and marie.error.startswith("soft bounce")
    assert not Undeliverable.objects.exists()
    assert api.can_contact(people["marie"], "newsletter", "email")
    assert not api.can_contact(people["jean"], "newsletter", "email")
    row = Consent.objects.get(person=people["jean"], granted=False)
    assert row.where == "unsubscribe" and row.where_detail.startswith("Brevo")


def test_events_we_do_not_use_are_ignored(client, sent, people):
    jean = sent["jean@example.org"]
    for kind in ("delivered", "opened", "click", "request"):
        assert post(client, event(kind, jean), **bearer()).status_code == 200
    assert post(client, "not an event", **bearer()).status_code == 200
    nothing_stored(people)
