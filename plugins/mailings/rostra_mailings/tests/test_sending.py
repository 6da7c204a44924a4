"""Sending: one delivery row per recipient, each sent once, at the site's
rate, with pause, resume and cancel; temporary failures retried, permanent
ones recorded as bounces."""

import smtplib

import pytest
from django.core import mail
from rostra.people import api

from rostra_mailings import sending
from rostra_mailings.models import Mailing, Recipient, Undeliverable


def sent_to():
    return sorted(message.to[0] for message in mail.outbox)


def test_each_recipient_gets_one_copy(mailing, people, admin_user, start):
    assert start(mailing, admin_user) == 2
    assert sent_to() == ["jean@example.org", "marie@example.org"]
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    assert set(mailing.recipients.values_list("status", flat=True)) == {"sent"}
    ids = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert len(ids) == 2


def test_running_the_task_again_sends_nothing_more(mailing, people, admin_user, start):
    from rostra_mailings.tasks import send_mailing

    start(mailing, admin_user)
    send_mailing.call(mailing_id=mailing.pk)
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)
    send_mailing.call(mailing_id=mailing.pk)
    assert len(mail.outbox) == 2


def test_a_mailing_is_started_once(mailing, people, admin_user, start):
    start(mailing, admin_user)
    with pytest.raises(sending.NotSendable):
        start(mailing, admin_user)
    assert len(mail.outbox) == 2


def test_sending_needs_the_send_permission(mailing, people, django_user_model):
    user = django_user_model.objects.create_user("writer", "w@example.org", "pw")
    with pytest.raises(sending.NotSendable):
        sending.start(mailing, user)
    assert mail.outbox == []


def test_consent_withdrawn_after_the_start_is_respected(
    mailing, people, admin_user, monkeypatch, start
):
    monkeypatch.setattr(sending, "_enqueue", lambda mailing_id: None)
    start(mailing, admin_user)
    api.record_consent(people["marie"], purpose="newsletter", granted=False)
    while not sending.send_batch(mailing.pk).stopped:
        pass
    assert sent_to() == ["jean@example.org"]
    assert Recipient.objects.get(person=people["marie"]).status == Recipient.Status.SKIPPED


def test_pause_resume_and_cancel(mailing, people, admin_user, monkeypatch, start):

    monkeypatch.setattr(sending, "_enqueue", lambda mailing_id: None)
    start(mailing, admin_user)
    assert sending.pause(mailing)
    assert sending.send_batch(mailing.pk).stopped
    assert mail.outbox == []
    assert sending.resume(mailing)
    assert sending.send_batch(mailing.pk, size=1).sent == 1
    assert sending.cancel(mailing)
    assert sending.send_batch(mailing.pk).stopped
    assert len(mail.outbox) == 1
    statuses = sorted(mailing.recipients.values_list("status", flat=True))
    assert statuses == ["cancelled", "sent"]


class FlakyBackend:
    """A mail connection that answers each recipient's address with a code."""

    codes = {}
    sent = []

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def send_messages(self, messages):
        for message in messages:
            code = self.codes.get(message.to[0])
            if code:
                self.codes[message.to[0]] = code[1:] or None
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (code[0], b"no")})
            self.sent.append(message)
        return len(messages)


@pytest.fixture
def flaky(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}
    FlakyBackend.codes, FlakyBackend.sent = {}, []
    return FlakyBackend


def test_temporary_failures_are_retried_and_permanent_ones_bounce(
    mailing, people, admin_user, flaky, start
):
    flaky.codes = {"marie@example.org": [451, 421], "jean@example.org": [550]}
    start(mailing, admin_user)
    assert [m.to[0] for m in flaky.sent] == ["marie@example.org"]
    marie = Recipient.objects.get(person=people["marie"])
    assert (marie.status, marie.attempts) == ("sent", 3)
    jean = Recipient.objects.get(person=people["jean"])
    assert jean.status == "bounced" and jean.error.startswith("550")
    assert Undeliverable.objects.filter(person=people["jean"], reason="bounce").exists()


def test_temporary_failures_stop_after_a_few_tries(mailing, people, admin_user, flaky, start):
    flaky.codes = {"marie@example.org": [451] * 20}
    start(mailing, admin_user)
    marie = Recipient.objects.get(person=people["marie"])
    assert (marie.status, marie.attempts) == ("failed", sending.MAX_ATTEMPTS)
    assert not Undeliverable.objects.filter(person=people["marie"]).exists()


def test_a_bounced_address_is_left_out_of_the_next_mailing(
    mailing, people, admin_user, flaky, start
):
    flaky.codes = {"jean@example.org": [550]}
    start(mailing, admin_user)
    second = Mailing.objects.create(site=mailing.site, subject="Again", body=mailing.body)
    assert start(second, admin_user) == 1
