"""manage.py send_mailing: sends a draft as a user, with a progress bar."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command


def test_send_mailing_shows_a_progress_bar(mailing, people, admin_user):
    out = io.StringIO()
    call_command("send_mailing", mailing.pk, "--as", admin_user.username, "--no-wait", stdout=out)
    assert "[########################################] 100 % 2/2" in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == ["jean@example.org", "marie@example.org"]


def test_a_draft_needs_a_sender_who_may_send(mailing, people, django_user_model):
    django_user_model.objects.create_user("writer", "w@example.org", "pw")
    with pytest.raises(CommandError):
        call_command("send_mailing", mailing.pk, "--no-wait", stdout=io.StringIO())
    with pytest.raises(CommandError, match="may not send"):
        call_command("send_mailing", mailing.pk, "--as", "writer", stdout=io.StringIO())
    assert mail.outbox == []
