"""A second approver for national sends, when the national site's settings
ask for one: one user asks, another approves; nobody approves their own."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from rostra_mailings import approval, sending
from rostra_mailings.models import Mailing, MailingSettings


@pytest.fixture
def needs_approval(national_site):
    rate = MailingSettings.for_site(national_site)
    rate.national_needs_approval = True
    rate.save()


@pytest.fixture
def approver(db, django_user_model):
    user = django_user_model.objects.create_user("approver", "approver@example.org", "pw")
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="mailings"),
        Permission.objects.get(codename="access_admin"),
    )
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def sender_only(sender):
    """A sender without the permission to approve."""
    sender.user_permissions.remove(Permission.objects.get(codename="approve"))
    return type(sender).objects.get(pk=sender.pk)


def status(mailing):
    return Mailing.objects.get(pk=mailing.pk).status


def test_without_the_setting_a_sender_sends_alone(mailing, people, sender_only, start):
    assert start(mailing, sender_only) == 2
    assert len(mail.outbox) == 2


def test_a_national_send_waits_for_a_second_person(
    needs_approval, mailing, people, sender_only, approver, django_capture_on_commit_callbacks
):
    with pytest.raises(sending.NotSendable):
        sending.start(mailing, sender_only)
    approval.request(mailing, sender_only)
    with pytest.raises(sending.NotSendable):
        sending.start(mailing, sender_only)  # asking is not sending
    with pytest.raises(approval.Refused):
        approval.approve(mailing, sender_only)  # nor approving one's own
    assert status(mailing) == Mailing.Status.DRAFT and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert approval.approve(mailing, approver) == 2
    sent = Mailing.objects.get(pk=mailing.pk)
    assert sent.status == Mailing.Status.SENT
    assert (sent.approval_requested_by, sent.approved_by, sent.sent_by) == (
        sender_only,
        approver,
        approver,
    )
    assert len(mail.outbox) == 2


def test_the_requester_cannot_approve_even_with_the_permission(
    needs_approval, mailing, people, approver
):
    approval.request(mailing, approver)
    with pytest.raises(approval.Refused):
        approval.approve(mailing, approver)
    with pytest.raises(sending.NotSendable):
        sending.start(mailing, approver)
    assert status(mailing) == Mailing.Status.DRAFT


def test_approving_needs_the_approve_permission(
    needs_approval, mailing, people, sender_only, django_user_model
):
    other = django_user_model.objects.create_user("other", "o@example.org", "pw")
    other.user_permissions.add(Permission.objects.get(codename="send"))
    other = django_user_model.objects.get(pk=other.pk)
    approval.request(mailing, sender_only)
    with pytest.raises(approval.Refused):
        approval.approve(mailing, other)
    assert status(mailing) == Mailing.Status.DRAFT


def test_a_candidate_site_needs_no_approver(needs_approval, people, sender_only, start):
    from wagtail.models import Page, Site

    local = Site.objects.create(
        hostname="lyon.localhost", root_page=Page.objects.get(depth=1), site_name="Lyon"
    )
    mailing = Mailing.objects.create(site=local, subject="Local", body=[("text", "Hello")])
    assert not approval.needed(mailing)


def test_the_review_asks_then_approves(
    needs_approval,
    mailing,
    people,
    sender_only,
    approver,
    client,
    django_capture_on_commit_callbacks,
):
    review = reverse("mailings_admin:review", args=[mailing.pk])
    client.force_login(sender_only)
    page = client.get(review).content.decode()
    assert reverse("mailings_admin:request_approval", args=[mailing.pk]) in page
    assert reverse("mailings_admin:send", args=[mailing.pk]) not in page
    client.post(reverse("mailings_admin:send", args=[mailing.pk]))  # refused
    assert status(mailing) == Mailing.Status.DRAFT
    client.post(reverse("mailings_admin:request_approval", args=[mailing.pk]))
    client.post(reverse("mailings_admin:approve", args=[mailing.pk]))  # their own: refused
    assert status(mailing) == Mailing.Status.DRAFT
    client.force_login(approver)
    page = client.get(review).content.decode()
    assert reverse("mailings_admin:approve", args=[mailing.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mailings_admin:approve", args=[mailing.pk]))
    assert status(mailing) == Mailing.Status.SENT
    assert len(mail.outbox) == 2
