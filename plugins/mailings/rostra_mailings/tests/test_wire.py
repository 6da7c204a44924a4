"""The bytes a broadcast's copy is handed to SMTP as (rostra_mailings.wire):
written into the layout of the mailing's first copy, they read back as the
same email the ``email`` package builds — same headers, same two parts —
and a copy the layout does not fit is built the usual way."""

import email
import email.policy
import socket
import threading

import pytest

from rostra_mailings import sending, wire
from rostra_mailings.models import Recipient
from rostra_mailings.rendering import BroadcastEmail, Renderer, consents_of
from rostra_mailings.tests.conftest import supporter


def copies(mailing, people):
    renderer = Renderer(mailing, "en")
    out = []
    for pk, person in enumerate(people, start=7):
        consent = consents_of([person.pk], mailing.purpose).get(person.pk)
        out.append(renderer.message(Recipient(mailing=mailing, pk=pk), person, consent))
    return out


def as_usual(message):
    built = super(BroadcastEmail, message).message(policy=email.policy.SMTP)
    return built.as_bytes()


def read(data):
    return email.message_from_bytes(data, policy=email.policy.default)


def same_email(fast, usual):
    fast, usual = read(fast), read(usual)
    names = {name for name in usual if name not in ("Date", "Content-Type")}
    assert names == {name for name in fast if name not in ("Date", "Content-Type")}
    for name in names:
        assert str(fast[name]) == str(usual[name]), name
    assert fast.get_content_type() == usual.get_content_type() == "multipart/alternative"
    for kind in ("plain", "html"):
        assert fast.get_body((kind,)).get_content() == usual.get_body((kind,)).get_content()
    assert fast["Date"]


def test_each_copy_reads_back_as_the_email_the_email_package_builds(mailing, people):
    marie = people["marie"]
    marie.first_name = "Marie-Hélène"  # a subject in encoded words
    for message in copies(mailing, [people["jean"], marie]):
        fast = message.message(policy=email.policy.SMTP)
        assert isinstance(fast, wire.Flattened)
        same_email(fast.as_bytes(), as_usual(message))
        assert b"\r\n" in fast.as_bytes() and b"\n" not in fast.as_bytes().replace(b"\r\n", b"")


def test_a_name_cannot_add_a_header(mailing, people):
    jean = people["jean"]
    jean.first_name = "Jean\r\nBcc: everyone@example.org"
    (message,) = copies(mailing, [jean])
    data = message.message(policy=email.policy.SMTP).as_bytes()
    assert read(data)["Bcc"] is None
    assert read(data)["Subject"] == "Hello Jean Bcc: everyone@example.org"


def test_a_copy_the_layout_does_not_fit_is_built_as_usual(mailing, people):
    first, second = copies(mailing, [people["marie"], people["jean"]])
    second.extra_headers["X-Other"] = "1"
    assert not isinstance(second.message(policy=email.policy.SMTP), wire.Flattened)
    second.extra_headers.pop("X-Other")
    second.to = ["jean@exämple.org"]  # an internationalised domain
    assert not isinstance(second.message(policy=email.policy.SMTP), wire.Flattened)
    second.to = ["jean@example.org"]
    second.body += first.layout.boundary  # the boundary in the text
    assert not isinstance(second.message(policy=email.policy.SMTP), wire.Flattened)
    # Anything but the SMTP backend gets the usual message.
    assert not isinstance(first.message(), wire.Flattened)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def relay(settings):
    """A local SMTP server (aiosmtpd) keeping what it receives."""
    controller_module = pytest.importorskip("aiosmtpd.controller")
    received, lock = [], threading.Lock()

    class Keep:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            with lock:
                received.append((envelope.rcpt_tos, envelope.original_content))
            return "250 OK"

    port = free_port()
    controller = controller_module.Controller(
        Keep(), hostname="127.0.0.1", port=port, server_hostname="relay"
    )
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    yield received
    controller.stop()


def test_a_broadcast_reaches_an_smtp_relay_one_valid_copy_each(relay, mailing, people, sender):
    extra = [supporter(f"p{n}@example.org", first_name=f"Élise{n}") for n in range(3)]
    queued = sending.start(mailing, sender, enqueue=False)
    while not sending.send_batch(mailing.pk).stopped:
        pass
    assert queued == len(relay) == 5  # marie, jean and the three; not nina nor omar
    ids = set()
    for rcpt_tos, data in relay:
        message = read(data)
        assert message["To"] == rcpt_tos[0]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.get_body(("html",)).get_content().startswith("<!DOCTYPE html>")
        ids.add(message["Message-ID"])
    assert len(ids) == 5
    elise = next(read(data) for to, data in relay if to == [extra[0].email])
    assert elise["Subject"] == "Hello Élise0"
    assert "Dear Élise0," in elise.get_body(("plain",)).get_content()
    assert Recipient.objects.filter(mailing=mailing, status="sent").count() == 5
