"""Each queued email goes out once, however many times its task runs (its
worker died after sending, and the task was run again)."""

import pytest
from django.core import mail

from rostra.mail import sending
from rostra.mail.models import Delivery

pytestmark = pytest.mark.django_db


def queue(**options):
    return sending.send(
        "people_data_link",
        to="marie.curie@example.org",
        context={"path": "/mes-donnees/abc/", "days": 2},
        **options,
    )


def test_a_delivery_run_again_sends_nothing():
    result = queue()
    assert len(mail.outbox) == 1

    assert sending.deliver.call(**result.kwargs) == "already sent"
    assert len(mail.outbox) == 1
    assert Delivery.objects.count() == 1


def test_emails_queued_with_the_same_key_go_out_once():
    queue(key="petitions/threshold:7:100")
    queue(key="petitions/threshold:7:100")
    assert len(mail.outbox) == 1


def test_each_email_queued_without_a_key_goes_out():
    queue()
    queue()
    assert len(mail.outbox) == 2
    assert Delivery.objects.count() == 2


def test_an_email_the_server_refused_is_sent_by_the_run_again(settings):
    """The key commits with the hand-over: a refusal leaves it free."""
    working = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": "rostra.mail.tests.test_delivery.Refusing"}}
    refused = queue()
    assert refused.status == "FAILED"
    assert not Delivery.objects.exists()

    settings.MAILERS = working
    assert sending.deliver.call(**refused.kwargs) == "sent"
    assert [message.to for message in mail.outbox] == [["marie.curie@example.org"]]


class Refusing:
    def __init__(self, **options):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")
