"""SMTP to a real relay: a local aiosmtpd sink (no outside call) counts the
connections. One connection per batch, not per message; each copy leaves
with its VERP return path as the envelope sender, the From header left
alone; the relay's 4xx is tried again, its 5xx is a bounce."""

import email
import email.policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

from rostra_mailings import sending
from rostra_mailings.bounces import verp
from rostra_mailings.models import MailingSettings, Recipient, Undeliverable
from rostra_mailings.tests.conftest import supporter

PORT = 8901  # this worktree's port range (8900–8999)


class Sink:
    """Keeps what arrives; answers some recipients with a code."""

    def __init__(self):
        self.connections = 0
        self.received = []  # (envelope sender, recipients, message)
        self.answers = {}  # address: ["451 …", …], one per try

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answers = self.answers.get(address)
        if answers:
            return answers.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted"


class CountingController(Controller):
    def factory(self):
        sink = self.handler

        class Counting(SMTP):
            def connection_made(self, transport):
                sink.connections += 1
                super().connection_made(transport)

        return Counting(self.handler, **self.SMTP_kwargs)


@pytest.fixture
def sink(settings):
    handler = Sink()
    controller = CountingController(handler, hostname="127.0.0.1", port=PORT)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": PORT, "timeout": 10},
        }
    }
    # The controller's own check connects once when it starts: not ours.
    handler.connections = 0
    yield handler
    controller.stop()


@pytest.fixture
def five(people):
    for name in ("ana", "bob", "chloe"):
        supporter(f"{name}@example.org", postcode="75001", commune="Paris")


def test_one_connection_per_batch_not_per_message(sink, mailing, five, admin_user, start):
    MailingSettings.objects.filter(site=mailing.site).update(batch_size=2)
    start(mailing, admin_user)
    assert len(sink.received) == 5
    assert len({message["Message-ID"] for _sender, _to, message in sink.received}) == 5
    assert sink.connections == 3  # batches of 2, 2 and 1
    assert set(Recipient.objects.values_list("status", flat=True)) == {"sent"}


def test_each_copy_leaves_with_its_return_path(sink, mailing, people, admin_user, start, settings):
    settings.ROSTRA_BOUNCE_DOMAIN = "bounce.example.org"
    start(mailing, admin_user)
    for sender, (to,), message in sink.received:
        row = Recipient.objects.get(person__email=to)
        assert sender == f"bounces+{verp.token_for(row)}@bounce.example.org"
        assert verp.copy_for(sender) == row
        assert "bounces+" not in message["From"] and "@" in message["From"]


def test_the_relays_answers_retry_or_bounce(sink, mailing, people, admin_user, start):
    sink.answers = {
        "marie@example.org": ["451 4.7.1 try again later"],
        "jean@example.org": ["550 5.1.1 no such user"],
    }
    start(mailing, admin_user)
    assert [to for _sender, (to,), _message in sink.received] == ["marie@example.org"]
    marie = Recipient.objects.get(person=people["marie"])
    assert (marie.status, marie.attempts) == ("sent", 2)
    jean = Recipient.objects.get(person=people["jean"])
    assert jean.status == "bounced" and jean.error.startswith("550")
    assert Undeliverable.objects.filter(person=people["jean"], reason="bounce").exists()


def test_a_relay_that_refuses_our_sender_bounces_nobody(sink, mailing, people, admin_user):
    """MAIL FROM refused: the relay's problem (a sender to fix), not the
    recipients'. The copies wait; no address is marked undeliverable."""

    async def refuse_sender(server, session, envelope, address, mail_options):
        return "553 5.7.1 sender not allowed"

    sink.handle_MAIL = refuse_sender
    sending.start(mailing, admin_user, enqueue=False)
    sending.send_batch(mailing.pk)
    assert sink.received == []
    assert set(Recipient.objects.values_list("status", flat=True)) == {"queued"}
    assert not Undeliverable.objects.exists()
