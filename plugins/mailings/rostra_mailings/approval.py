"""A second approver for national mailings, when the national site's settings
ask for one (Settings › Mailings, "National sends need a second approver").

A user who may send (``mailings.send``) asks for the sending; another user,
with ``mailings.approve`` as well, approves it, and the mailing starts as
theirs. The one who asked can never approve their own request. A candidate's
site is not national: its team sends without a second approver."""

from django.db import transaction
from django.utils import timezone

from rostra_mailings import sending
from rostra_mailings.models import Mailing, MailingSettings


class Refused(Exception):
    pass


def needed(mailing):
    """True when this mailing may only start once a second person approved it."""
    site = mailing.site
    return bool(site.is_default_site and MailingSettings.for_site(site).national_needs_approval)


def can_approve(user, mailing):
    return (
        user.is_active
        and user.has_perm("mailings.send")
        and user.has_perm("mailings.approve")
        and mailing.approval_requested_by_id is not None
        and mailing.approval_requested_by_id != user.pk
    )


def for_review(mailing, user):
    """What the review screen shows of the approval (None when none is needed)."""
    if mailing.status != Mailing.Status.DRAFT or not needed(mailing):
        return None
    return {
        "requested_by": mailing.approval_requested_by,
        "requested_at": mailing.approval_requested_at,
        "own_request": mailing.approval_requested_by_id == user.pk,
        "can_approve": can_approve(user, mailing),
    }


def request(mailing, user):
    """``user`` asks for the draft to be sent (it waits for an approver)."""
    if not (user.is_active and user.has_perm("mailings.send")):
        raise Refused("permission")
    changed = Mailing.objects.filter(
        pk=mailing.pk, status=Mailing.Status.DRAFT, approval_requested_by__isnull=True
    ).update(approval_requested_by=user, approval_requested_at=timezone.now())
    if not changed:
        raise Refused("status")


def withdraw(mailing):
    """The request is taken back (to edit the draft again, say)."""
    return bool(
        Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.DRAFT).update(
            approval_requested_by=None, approval_requested_at=None
        )
    )


def approve(mailing, user):
    """``user`` approves the request and the mailing starts, sent as them.
    Returns how many copies were queued."""
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().select_related("site").get(pk=mailing.pk)
        if mailing.status != Mailing.Status.DRAFT or mailing.approval_requested_by_id is None:
            raise Refused("status")
        if not can_approve(user, mailing):
            raise Refused("permission")
        Mailing.objects.filter(pk=mailing.pk).update(approved_by=user)
        mailing.approved_by = user
        return sending.start(mailing, user)


def check(mailing, user):
    """Called by ``sending.start``: a mailing that needs approval starts only
    once a user other than the requester approved it."""
    if not needed(mailing):
        return
    if mailing.approved_by_id is None or mailing.approved_by_id != user.pk:
        raise sending.NotSendable("approval")
    if mailing.approval_requested_by_id in (None, user.pk):
        raise sending.NotSendable("approval")
