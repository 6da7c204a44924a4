"""Sending at a set time (Paris time): nothing goes before it, the schedule
can be cancelled until then, and the task that starts it is safe to run twice.
A test sent to oneself goes once per click, however often its task runs."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from rostra_mailings import sending
from rostra_mailings.models import Mailing
from rostra_mailings.tasks import send_test, start_scheduled

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def later(**delta):
    return timezone.now() + datetime.timedelta(**delta)


def due_now(mailing):
    """The set time has come (instead of waiting for it)."""
    Mailing.objects.filter(pk=mailing.pk).update(send_at=later(seconds=-1))


def test_nothing_goes_before_the_time_set(
    mailing, people, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sending.schedule(mailing, admin_user, later(hours=2))
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED and mailing.sent_by == admin_user
    # The test queue runs the task at once: too early, it leaves the mailing as is.
    assert start_scheduled.call(mailing_id=mailing.pk) == "not due"
    assert mail.outbox == [] and not mailing.recipients.exists()


def test_the_worker_starts_it_once_when_due_even_run_twice(
    mailing, people, admin_user, django_capture_on_commit_callbacks
):
    sending.schedule(mailing, admin_user, later(minutes=5))
    due_now(mailing)
    with django_capture_on_commit_callbacks(execute=True):
        assert start_scheduled.call(mailing_id=mailing.pk) == "started: 2"
    assert start_scheduled.call(mailing_id=mailing.pk) == "not scheduled"
    assert sorted(m.to[0] for m in mail.outbox) == ["jean@example.org", "marie@example.org"]
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    assert mailing.recipients.count() == 2


def test_a_cancelled_schedule_sends_nothing_and_is_a_draft_again(mailing, people, admin_user):
    sending.schedule(mailing, admin_user, later(minutes=5))
    assert sending.unschedule(mailing)
    mailing.refresh_from_db()
    assert (mailing.status, mailing.send_at) == (Mailing.Status.DRAFT, None)
    due_now(mailing)  # the task queued for that time runs
    assert start_scheduled.call(mailing_id=mailing.pk) == "not scheduled"
    assert mail.outbox == []
    # Once started, it is not a schedule any more.
    sending.schedule(mailing, admin_user, later(minutes=5))
    due_now(mailing)
    start_scheduled.call(mailing_id=mailing.pk)
    assert not sending.unschedule(mailing)


def test_a_sender_who_lost_the_right_to_send_sends_nothing(mailing, people, sender):
    from django.contrib.auth.models import Permission

    sending.schedule(mailing, sender, later(minutes=5))
    sender.user_permissions.remove(Permission.objects.get(codename="send"))
    due_now(mailing)
    sender_without = type(sender).objects.get(pk=sender.pk)  # permissions read afresh
    Mailing.objects.filter(pk=mailing.pk).update(sent_by=sender_without)
    assert start_scheduled.call(mailing_id=mailing.pk) == "sender may not send"
    assert Mailing.objects.get(pk=mailing.pk).status == Mailing.Status.DRAFT
    assert mail.outbox == []


def test_scheduling_needs_a_draft_and_the_send_permission(mailing, django_user_model):
    writer = django_user_model.objects.create_user("writer", "w@example.org", "pw")
    with pytest.raises(sending.NotSendable):
        sending.schedule(mailing, writer, later(hours=1))
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENT)
    with pytest.raises(sending.NotSendable):
        sending.unschedule(mailing) or sending.schedule(mailing, None, later(hours=1))


@pytest.fixture
def admin_client(client, admin_user):
    from rostra_mailings.tests.test_admin import reads_english

    client.force_login(reads_english(admin_user))
    return client


def test_scheduling_from_the_review_reads_paris_time(admin_client, mailing, people):
    review = reverse("mailings_admin:review", args=[mailing.pk])
    assert 'type="datetime-local"' in admin_client.get(review).content.decode()
    next_year = timezone.now().year + 1
    admin_client.post(
        reverse("mailings_admin:schedule", args=[mailing.pk]),
        {"send_at": f"{next_year}-07-14T09:30"},
    )
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED
    assert mailing.send_at == datetime.datetime(next_year, 7, 14, 9, 30, tzinfo=PARIS)
    # In summer, 9:30 in Paris is 7:30 UTC.
    assert mailing.send_at.astimezone(datetime.UTC).hour == 7
    page = admin_client.get(review).content.decode()
    assert "Scheduled: it will be sent on" in page and "9:30" in page
    assert "Cancel the scheduled sending" in page
    admin_client.post(reverse("mailings_admin:unschedule", args=[mailing.pk]))
    assert Mailing.objects.get(pk=mailing.pk).status == Mailing.Status.DRAFT


def test_a_time_past_is_refused(admin_client, mailing, people):
    response = admin_client.post(
        reverse("mailings_admin:schedule", args=[mailing.pk]),
        {"send_at": "2001-01-01T09:30"},
        follow=True,
    )
    assert "Choose a time to come." in response.content.decode()
    assert Mailing.objects.get(pk=mailing.pk).status == Mailing.Status.DRAFT


def test_a_team_of_another_site_cannot_schedule_or_cancel(client, mailing, people, sender):
    from wagtail import hooks

    from rostra_mailings.tests.test_admin import reads_english

    client.force_login(reads_english(sender))
    sending.schedule(mailing, sender, later(hours=1))
    with hooks.register_temporarily("site_ids_for_user", lambda user: [-1]):
        response = client.post(reverse("mailings_admin:unschedule", args=[mailing.pk]))
        assert response.status_code in (302, 403)
    assert Mailing.objects.get(pk=mailing.pk).status == Mailing.Status.SCHEDULED
    sending.unschedule(mailing)
    with hooks.register_temporarily("site_ids_for_user", lambda user: [-1]):
        client.post(
            reverse("mailings_admin:schedule", args=[mailing.pk]),
            {"send_at": f"{timezone.now().year + 1}-01-01T09:30"},
        )
    assert Mailing.objects.get(pk=mailing.pk).status == Mailing.Status.DRAFT


def test_a_test_run_again_sends_no_second_copy(mailing, people):
    for _run in range(2):
        send_test.call(
            mailing_id=mailing.pk,
            person_id=people["marie"].pk,
            to="me@example.org",
            key="mailing-test:one-click",
        )
    assert [m.to for m in mail.outbox] == [["me@example.org"]]
    send_test.call(
        mailing_id=mailing.pk, person_id=people["marie"].pk, to="me@example.org", key="other"
    )
    assert len(mail.outbox) == 2
