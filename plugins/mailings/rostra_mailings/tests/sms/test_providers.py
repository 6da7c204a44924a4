"""The SMS providers: MessageBird's adapter against a fake transport (no
outside call, ever), the signatures of both webhooks, and a STOP that
withdraws the sms consent with a ledger row saying so."""

import base64
import hashlib
import hmac
import json
import time

import pytest
from django.test import override_settings
from rostra.people import api
from rostra.people.models import Consent

from rostra_mailings.sms import inbound, providers, sending
from rostra_mailings.sms.models import SmsRecipient
from rostra_mailings.tests.sms.conftest import texter

SIGNING_KEY = "test-signing-key"
URL = "/_mailings/sms/inbound/messagebird/"


class FakeTransport:
    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, method, url, headers, body, timeout=10):
        self.calls.append({"method": method, "url": url, "headers": headers, "body": body})
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def outgoing(text="Marche samedi. STOP 36111"):
    return providers.Outgoing(
        to="+33612345678", sender="Rostra", text=text, reference="rostra-sms-1-2"
    )


def test_messagebird_sends_through_its_api():
    transport = FakeTransport((201, b'{"id": "mb-42", "recipients": {"totalCount": 1}}'))
    provider = providers.MessageBirdProvider("key-1", SIGNING_KEY, transport=transport)
    assert provider.send(outgoing()) == "mb-42"
    (call,) = transport.calls
    assert (call["method"], call["url"]) == ("POST", "https://rest.messagebird.com/messages")
    assert call["headers"]["Authorization"] == "AccessKey key-1"
    assert json.loads(call["body"]) == {
        "originator": "Rostra",
        "recipients": ["33612345678"],
        "body": "Marche samedi. STOP 36111",
        "datacoding": "plain",
        "reference": "rostra-sms-1-2",
    }
    provider.transport = FakeTransport((201, b'{"id": "mb-43"}'))
    provider.send(outgoing("Réunion à l’école. STOP"))
    assert json.loads(provider.transport.calls[0]["body"])["datacoding"] == "unicode"


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (
            (422, b'{"errors":[{"code":9,"description":"no (correct) recipients found"}]}'),
            "Permanent",
        ),
        ((503, b"busy"), "Temporary"),
        ((429, b""), "Temporary"),
        ((401, b'{"errors":[{"description":"incorrect access_key"}]}'), "Temporary"),
        (ConnectionRefusedError("refused"), "Temporary"),
    ],
)
def test_messagebird_failures(answer, error):
    provider = providers.MessageBirdProvider("k", SIGNING_KEY, transport=FakeTransport(answer))
    with pytest.raises(getattr(providers, f"{error}Failure")):
        provider.send(outgoing())


def test_a_broadcast_through_messagebird_hands_each_copy_over_once(
    broadcast, texters, admin_user, monkeypatch
):
    monkeypatch.setattr(sending, "enqueue_sending", lambda *args, **kwargs: None)
    sending.start(broadcast, admin_user)
    transport = FakeTransport(*[(201, json.dumps({"id": f"mb-{n}"}).encode()) for n in range(3)])
    provider = providers.MessageBirdProvider("k", SIGNING_KEY, transport=transport)
    while not sending.send_batch(broadcast.pk, provider=provider).stopped:
        pass
    sent = sorted(json.loads(call["body"])["recipients"][0] for call in transport.calls)
    assert sent == ["33612345678", "33798765432", "590690123456"]
    assert sorted(SmsRecipient.objects.values_list("provider_id", flat=True)) == [
        "mb-0",
        "mb-1",
        "mb-2",
    ]


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(claims, key=SIGNING_KEY, alg="HS256"):
    head = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    body = b64(json.dumps(claims).encode())
    signature = hmac.new(key.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(signature)}"


def messagebird_claims(body, url="http://testserver" + URL, **changes):
    now = int(time.time())
    claims = {
        "iss": "MessageBird",
        "nbf": now,
        "exp": now + 60,
        "jti": "x",
        "url_hash": hashlib.sha256(url.encode()).hexdigest(),
        "payload_hash": hashlib.sha256(body).hexdigest(),
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


@pytest.fixture
def messagebird():
    with override_settings(ROSTRA_SMS_PROVIDER="messagebird", ROSTRA_SMS_SIGNING_KEY=SIGNING_KEY):
        yield


def post_stop(client, body=None, token=None, url=URL):
    body = body or json.dumps({"originator": "33612345678", "body": "Stop"}).encode()
    token = token if token is not None else jwt(messagebird_claims(body))
    return client.post(
        url,
        body,
        content_type="application/json",
        headers={"MessageBird-Signature-JWT": token},
    )


def sms_consents(person):
    return list(
        Consent.objects.filter(person=person, channel="sms")
        .order_by("pk")
        .values_list("purpose", "granted", "where", "where_detail")
    )


def test_a_signed_stop_withdraws_the_sms_consent_with_a_ledger_row(client, messagebird, db):
    marie = texter("marie@example.org", mobile="+33612345678", consents=("newsletter",))
    api.record_consent(marie, purpose="newsletter", granted=True)  # by email: kept
    assert api.can_contact(marie, "newsletter", "sms")
    assert post_stop(client).status_code == 200
    assert not api.can_contact(marie, "newsletter", "sms")
    assert api.can_contact(marie, "newsletter", "email")
    last = Consent.objects.filter(person=marie, channel="sms").latest("pk")
    assert (last.granted, last.where, last.where_detail) == (
        False,
        "unsubscribe",
        "SMS STOP (messagebird)",
    )
    assert "STOP" in last.wording
    assert post_stop(client).status_code == 200  # again: nothing more to withdraw
    assert len(sms_consents(marie)) == 2


@pytest.mark.parametrize(
    "forge",
    [
        lambda body: "",
        lambda body: "not.a.jwt",
        lambda body: jwt(messagebird_claims(body), key="another key"),
        lambda body: jwt(messagebird_claims(body), alg="none"),
        lambda body: jwt(messagebird_claims(body, iss="Someone")),
        lambda body: jwt(messagebird_claims(body, exp=int(time.time()) - 3600)),
        lambda body: jwt(messagebird_claims(body, url="http://testserver/elsewhere/")),
        lambda body: jwt(messagebird_claims(b'{"originator": "33600000000", "body": "STOP"}')),
        lambda body: jwt(messagebird_claims(body, payload_hash=None)),
    ],
)
def test_bad_signatures_are_refused(client, messagebird, db, forge):
    marie = texter("marie@example.org", mobile="+33612345678")
    body = json.dumps({"originator": "33612345678", "body": "STOP"}).encode()
    assert post_stop(client, body, token=forge(body)).status_code == 403
    assert api.can_contact(marie, "newsletter", "sms")


def test_only_the_provider_in_use_answers(client, db):
    assert post_stop(client).status_code == 404  # the test provider is in use
    assert client.get("/_mailings/sms/inbound/local/").status_code == 403


def test_the_test_providers_webhook_is_signed_too(client, db):
    lea = texter("lea@example.org", phone="+590690123456", postcode="97110")
    body = json.dumps({"from": "+590690123456", "text": "STOP"}).encode()
    url = "/_mailings/sms/inbound/local/"
    signature = providers.LocalProvider.signature(body)
    bad = client.post(
        url, body, content_type="application/json", headers={"X-Rostra-Signature": "0" * 64}
    )
    assert bad.status_code == 403
    assert api.can_contact(lea, "newsletter", "sms")
    ok = client.post(
        url, body, content_type="application/json", headers={"X-Rostra-Signature": signature}
    )
    assert ok.status_code == 200
    assert not api.can_contact(lea, "newsletter", "sms")


@pytest.mark.parametrize(
    ("text", "stop"),
    [
        ("STOP", True),
        ("stop", True),
        ("Stop SMS", True),
        ("STOP!", True),
        ("Arrêt", True),
        ("désinscrire svp", True),
        ("Je viendrai samedi", False),
        ("Unstoppable", False),
        ("", False),
    ],
)
def test_what_counts_as_stop(text, stop):
    assert inbound.is_stop(text) is stop


def test_a_stop_from_an_unknown_number_changes_nothing(client, messagebird, db):
    marie = texter("marie@example.org", mobile="+33612345678")
    body = json.dumps({"originator": "33699999999", "body": "STOP"}).encode()
    assert post_stop(client, body).status_code == 200
    assert api.can_contact(marie, "newsletter", "sms")


def test_form_encoded_calls_are_read_too(client, messagebird, db):
    marie = texter("marie@example.org", mobile="+33612345678")
    body = b"originator=33612345678&body=STOP&recipient=36111"
    response = client.post(
        URL,
        body,
        content_type="application/x-www-form-urlencoded",
        headers={"MessageBird-Signature-JWT": jwt(messagebird_claims(body))},
    )
    assert response.status_code == 200
    assert not api.can_contact(marie, "newsletter", "sms")
