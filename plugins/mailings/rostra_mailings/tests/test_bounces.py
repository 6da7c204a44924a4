"""Bounces and complaints coming back to the VERP return path, piped by the
mail server (``manage.py receive_bounce``) or read over IMAP
(``manage.py read_bounces``, against a fake mailbox: no outside call). A
report whose token was not signed by us changes nothing."""

import io
import sys

import pytest
from django.core.management import call_command
from rostra.people import api
from rostra.people.models import Consent

from rostra_mailings import audience
from rostra_mailings.bounces import imap, verp
from rostra_mailings.models import Mailing, Recipient, Undeliverable
from rostra_mailings.tests.conftest import supporter

DOMAIN = "bounce.example.org"


def dsn(token, address, status, action="failed"):
    return f"""From: MAILER-DAEMON@mx.example.net
To: bounces+{token}@{DOMAIN}
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain

I'm sorry to have to inform you that your message could not be delivered.

--BOUNDARY
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
Arrival-Date: Mon, 7 Dec 2026 10:00:00 +0100

Final-Recipient: rfc822; {address}
Original-Recipient: rfc822;{address}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; {status[0]}50 {status} mailbox says no

--BOUNDARY
Content-Type: text/rfc822-headers

From: Rostra <no-reply@example.org>
To: {address}
Subject: Hello

--BOUNDARY--
""".encode()


def arf(token, address):
    """An abuse report (RFC 5965) from a mailbox provider's feedback loop: it
    comes to the postmaster, and quotes the original with its Return-Path."""
    return f"""From: feedback@mailbox.example.com
To: postmaster@example.org
Subject: Abuse report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="PART"

--PART
Content-Type: text/plain

This is an email abuse report.

--PART
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ExampleFBL/1.0
Version: 1
Original-Rcpt-To: {address}

--PART
Content-Type: message/rfc822

Return-Path: <bounces+{token}@{DOMAIN}>
From: Rostra <no-reply@example.org>
To: {address}
Subject: Hello

Hello.
--PART--
""".encode()


@pytest.fixture
def sent(mailing, people, admin_user, start, settings):
    settings.ROSTRA_BOUNCE_DOMAIN = DOMAIN
    start(mailing, admin_user)
    return {row.person.email: row for row in Recipient.objects.select_related("person")}


def pipe(raw, monkeypatch, recipient=""):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("receive_bounce", recipient=recipient, stdout=out)
    return out.getvalue()


def test_a_hard_bounce_marks_the_address_undeliverable(
    sent, people, mailing, admin_user, monkeypatch
):
    jean = sent["jean@example.org"]
    out = pipe(dsn(verp.token_for(jean), "jean@example.org", "5.1.1"), monkeypatch)
    assert "Recorded: hard" in out
    jean.refresh_from_db()
    assert jean.status == "bounced" and "5.1.1" in jean.error
    assert Undeliverable.objects.filter(person=people["jean"], reason="bounce").exists()
    again = Mailing.objects.create(site=mailing.site, subject="Again", body=mailing.body)
    assert list(audience.people(again, admin_user)) == [people["marie"]]
    # The same bounce read twice: still one address left out.
    pipe(dsn(verp.token_for(jean), "jean@example.org", "5.1.1"), monkeypatch)
    assert Undeliverable.objects.filter(person=people["jean"]).count() == 1


def test_a_soft_bounce_is_noted_and_the_address_kept(sent, people, monkeypatch):
    marie = sent["marie@example.org"]
    assert "Recorded: soft" in pipe(
        dsn(verp.token_for(marie), "marie@example.org", "4.2.2"), monkeypatch
    )
    marie.refresh_from_db()
    assert marie.status == "sent" and marie.error.startswith("soft bounce")
    assert not Undeliverable.objects.exists()


def test_a_delay_notice_changes_nothing(sent, monkeypatch):
    marie = sent["marie@example.org"]
    raw = dsn(verp.token_for(marie), "marie@example.org", "4.4.1", action="delayed")
    assert "Ignored" in pipe(raw, monkeypatch)
    marie.refresh_from_db()
    assert (marie.status, marie.error) == ("sent", "")


def test_the_envelope_recipient_names_the_copy(sent, people, monkeypatch):
    """Postfix passes ${recipient}: the token is read there too."""
    jean = sent["jean@example.org"]
    raw = dsn("nothing", "jean@example.org", "5.1.1")
    pipe(raw, monkeypatch, recipient=f"bounces+{verp.token_for(jean)}@{DOMAIN}")
    assert Undeliverable.objects.filter(person=people["jean"]).exists()


def test_a_forged_token_changes_nothing(sent, people, monkeypatch):
    jean = sent["jean@example.org"]
    name = verp.token_for(jean).partition("-")[0]
    for token in (f"{name}-{'0' * 20}", f"m{jean.pk + 1000}-{'a' * 20}", name):
        out = pipe(dsn(token, "jean@example.org", "5.1.1"), monkeypatch)
        assert "Ignored" in out
    out = pipe(arf(f"{name}-{'f' * 20}", "jean@example.org"), monkeypatch)
    assert "Ignored" in out
    assert not Undeliverable.objects.exists()
    assert api.can_contact(people["jean"], "newsletter", "email")
    jean.refresh_from_db()
    assert jean.status == "sent"


def test_an_abuse_report_withdraws_consent_with_a_ledger_row(sent, people, monkeypatch):
    jean = sent["jean@example.org"]
    assert "Recorded: complaint" in pipe(arf(verp.token_for(jean), "jean@example.org"), monkeypatch)
    assert not api.can_contact(people["jean"], "newsletter", "email")
    row = Consent.objects.get(person=people["jean"], granted=False)
    assert (row.where, row.where_detail) == ("unsubscribe", f"complaint: mailing {jean.mailing_id}")
    assert Undeliverable.objects.filter(person=people["jean"], reason="complaint").exists()


def test_a_message_that_is_no_report_is_left_alone(sent, monkeypatch):
    raw = b"From: someone@example.net\nTo: bounces@bounce.example.org\nSubject: Away\n\nAway."
    assert "Ignored" in pipe(raw, monkeypatch)
    assert not Undeliverable.objects.exists()


class FakeMailbox:
    """What imaplib.IMAP4_SSL answers, for the calls read_mailbox makes."""

    def __init__(self, messages):
        self.messages = dict(enumerate(messages, 1))
        self.deleted, self.expunged, self.logged_out = set(), False, False

    def select(self, mailbox):
        return "OK", [str(len(self.messages)).encode()]

    def uid(self, command, *args):
        if command == "SEARCH":
            return "OK", [b" ".join(str(uid).encode() for uid in self.messages)]
        if command == "FETCH":
            uid = int(args[0])
            return "OK", [(f"{uid} (RFC822 {{1}}".encode(), self.messages[uid]), b")"]
        if command == "STORE":
            self.deleted.add(int(args[0]))
            return "OK", [b""]
        raise AssertionError(command)

    def expunge(self):
        self.expunged = True
        for uid in self.deleted:
            self.messages.pop(uid)
        return "OK", [b""]

    def logout(self):
        self.logged_out = True
        return "BYE", [b""]


def test_read_bounces_reads_the_imap_mailbox_and_empties_it(sent, people, monkeypatch):
    jean, marie = sent["jean@example.org"], sent["marie@example.org"]
    mailbox = FakeMailbox(
        [
            dsn(verp.token_for(jean), "jean@example.org", "5.1.1"),
            arf(verp.token_for(marie), "marie@example.org"),
            b"Subject: spam for the bounce box\n\nBuy now.",
        ]
    )
    monkeypatch.setattr(imap, "connect", lambda: mailbox)
    out = io.StringIO()
    call_command("read_bounces", stdout=out)
    assert "3 read, 2 recorded" in out.getvalue()
    assert mailbox.messages == {} and mailbox.expunged and mailbox.logged_out
    assert Undeliverable.objects.filter(person=people["jean"], reason="bounce").exists()
    assert not api.can_contact(people["marie"], "newsletter", "email")


def test_read_bounces_says_what_to_set_when_unconfigured(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ROSTRA_BOUNCE_IMAP_HOST"):
        call_command("read_bounces", stdout=io.StringIO())


@pytest.fixture
def lea_welcomed(settings, national_site, django_capture_on_commit_callbacks):
    """An automation's first message, sent with its return path."""
    from rostra_mailings.models import Automation, AutomationStep

    settings.ROSTRA_BOUNCE_DOMAIN = DOMAIN
    series = Automation.objects.create(
        site=national_site, name="Welcome", trigger=Automation.Trigger.JOINED, active=True
    )
    AutomationStep.objects.create(automation=series, sort_order=0, subject="Welcome")
    with django_capture_on_commit_callbacks(execute=True):
        return supporter("lea@example.org", site=national_site)


def test_an_automations_message_bounces_and_is_complained_about(lea_welcomed, monkeypatch):
    from django.core import mail

    from rostra_mailings.models import StepMessage

    (message,) = mail.outbox
    copy = StepMessage.objects.get()
    assert message.from_email == f"bounces+{verp.token_for(copy)}@{DOMAIN}"
    assert "bounces+" not in message.message()["From"]
    pipe(arf(verp.token_for(copy), "lea@example.org"), monkeypatch)
    row = Consent.objects.get(person=lea_welcomed, granted=False)
    step = copy.step
    assert row.where_detail == f"complaint: automation {step.automation_id}, message {step.pk}"
    pipe(dsn(verp.token_for(copy), "lea@example.org", "5.1.1"), monkeypatch)
    copy.refresh_from_db()
    assert copy.status == "bounced"
