"""The review screen's buttons for a national mailing that needs a second
approver: ask for the sending, take the request back, approve it."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rostra_mailings import approval
from rostra_mailings.admin_views import _for_sender


def _refused(request, error):
    if str(error) == "permission":
        messages.error(
            request, _("Another person, with the permission to approve, must approve it.")
        )
    else:
        messages.error(request, _("The mailing's state changed meanwhile: nothing was done."))


@require_POST
def request_approval(request, pk):
    mailing = _for_sender(request, pk)
    try:
        approval.request(mailing, request.user)
    except approval.Refused as error:
        _refused(request, error)
    else:
        messages.success(request, _("Sending requested: another person must approve it."))
    return redirect("mailings_admin:review", pk=mailing.pk)


@require_POST
def withdraw_request(request, pk):
    mailing = _for_sender(request, pk)
    if approval.withdraw(mailing):
        messages.success(request, _("The request is withdrawn: the draft can be edited."))
    return redirect("mailings_admin:review", pk=mailing.pk)


@require_POST
def approve(request, pk):
    mailing = _for_sender(request, pk)
    try:
        queued = approval.approve(mailing, request.user)
    except approval.Refused as error:
        _refused(request, error)
    else:
        messages.success(request, _("Approved: sending to %(n)s people.") % {"n": queued})
    return redirect("mailings_admin:review", pk=mailing.pk)
