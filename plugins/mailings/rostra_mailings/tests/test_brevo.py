"""Brevo's transactional API as the transport, against a fake HTTP transport:
no outside call, ever. What is sent, and how each answer is treated: 201
sent, 400 about the address a bounce, 429 and 401 the batch waits, 5xx tried
again a few times."""

import json

import pytest

from rostra_mailings import sending
from rostra_mailings.bounces import verp
from rostra_mailings.models import Recipient, Undeliverable
from rostra_mailings.transports import base, brevo


class FakeBrevo:
    """Brevo's answers, per recipient address: a list of (status, body)."""

    def __init__(self):
        self.calls = []
        self.answers = {}

    def __call__(self, method, url, headers, body, timeout=10):
        sent = json.loads(body)
        self.calls.append((method, url, headers, sent))
        answers = self.answers.get(sent["to"][0]["email"])
        if answers:
            return answers.pop(0)
        return 201, json.dumps({"messageId": f"<{len(self.calls)}@smtp-relay.brevo.com>"}).encode()


@pytest.fixture
def api(settings, monkeypatch):
    settings.ROSTRA_MAIL_TRANSPORT = "brevo"
    settings.ROSTRA_BREVO_API_KEY = "xkeysib-test"
    fake = FakeBrevo()
    monkeypatch.setattr(brevo, "urllib_transport", fake)
    return fake


def test_each_copy_is_one_api_call_naming_its_copy(api, mailing, people, admin_user, start):
    start(mailing, admin_user)
    assert len(api.calls) == 2
    method, url, headers, body = next(
        c for c in api.calls if c[3]["to"][0]["email"] == "marie@example.org"
    )
    assert (method, url) == ("POST", "https://api.brevo.com/v3/smtp/email")
    assert headers["api-key"] == "xkeysib-test"
    assert body["subject"] == "Hello Marie"
    assert "Dear Marie" in body["textContent"] and "Dear Marie" in body["htmlContent"]
    assert body["sender"]["email"] and "bounces+" not in body["sender"]["email"]
    row = Recipient.objects.get(person=people["marie"])
    assert verp.copy_for(body["headers"]["X-Mailin-custom"]) == row
    assert body["headers"]["idempotencyKey"] == body["headers"]["X-Mailin-custom"]
    assert body["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert body["headers"]["Message-ID"] == row.message_id(
        body["sender"]["email"].rpartition("@")[2]
    )
    assert set(Recipient.objects.values_list("status", flat=True)) == {"sent"}


def test_an_invalid_address_is_a_bounce(api, mailing, people, admin_user, start):
    api.answers["jean@example.org"] = [
        (400, b'{"code":"invalid_parameter","message":"email is not valid in to"}')
    ]
    start(mailing, admin_user)
    jean = Recipient.objects.get(person=people["jean"])
    assert jean.status == "bounced" and "not valid" in jean.error
    assert Undeliverable.objects.filter(person=people["jean"], reason="bounce").exists()
    assert Recipient.objects.get(person=people["marie"]).status == "sent"


def test_a_bad_sender_bounces_nobody(api, mailing, people, admin_user, start):
    """A 400 about the sender (not verified at Brevo) would come back for
    every copy: it is no recipient's fault."""
    answer = (400, b'{"code":"invalid_parameter","message":"sender email is not valid"}')
    api.answers = {"marie@example.org": [answer] * 10, "jean@example.org": [answer] * 10}
    start(mailing, admin_user)
    assert not Undeliverable.objects.exists()
    assert "bounced" not in set(Recipient.objects.values_list("status", flat=True))


def test_throttled_or_down_then_sent(api, mailing, people, admin_user, start):
    api.answers["marie@example.org"] = [
        (429, b'{"code":"too_many_requests"}'),
        (502, b"bad gateway"),
    ]
    api.answers["jean@example.org"] = [(503, b"")]
    start(mailing, admin_user)
    rows = {row.person_id: row for row in Recipient.objects.all()}
    assert rows[people["marie"].pk].status == "sent"
    assert rows[people["jean"].pk].status == "sent"
    assert not Undeliverable.objects.exists()


def test_a_wrong_key_holds_the_batch(api, mailing, people, admin_user):
    api.answers = {
        "marie@example.org": [(401, b'{"code":"unauthorized","message":"Key not found"}')],
        "jean@example.org": [(401, b'{"code":"unauthorized","message":"Key not found"}')],
    }
    sending.start(mailing, admin_user, enqueue=False)
    sending.send_batch(mailing.pk)
    assert len(api.calls) == 1  # the first refusal holds the rest of the batch
    assert set(Recipient.objects.values_list("status", flat=True)) == {"queued"}
    assert "401" in Recipient.objects.exclude(error="").first().error


def test_brevo_unreachable_holds_the_batch(api, mailing, people, admin_user, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionRefusedError("no route")

    monkeypatch.setattr(brevo, "urllib_transport", unreachable)
    sending.start(mailing, admin_user, enqueue=False)
    sending.send_batch(mailing.pk)
    assert set(Recipient.objects.values_list("status", flat=True)) == {"queued"}


def test_an_unknown_transport_is_an_error_not_another_way(settings):
    settings.ROSTRA_MAIL_TRANSPORT = "brevoo"
    with pytest.raises(ValueError, match="brevoo"):
        base.current()
