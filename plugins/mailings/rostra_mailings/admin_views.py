"""The screens around a mailing: the list and its form (Wagtail's ModelViewSet),
and the review screen before and while it is sent: the exact audience, the
warnings, a preview at desktop and phone widths with a real recipient's
fields, a test send to oneself, the send button, and the progress with pause,
resume and cancel."""

import uuid
import zoneinfo

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from rostra_mailings import ab, advice, approval, audience, sending, stats
from rostra_mailings.filters import MailingFilterSet
from rostra_mailings.forms import MailingForm
from rostra_mailings.models import Mailing, Recipient
from rostra_mailings.permissions import (
    MailingPermissionPolicy,
    can_send,
    mailings_for,
    site_ids,
)
from rostra_mailings.rendering import Renderer

#: Scheduled times are read and shown in the campaign's time.
SCHEDULE_ZONE = zoneinfo.ZoneInfo("Europe/Paris")


class OwnSite:
    """An object of another site (a mailing, an automation) is refused before
    anything of it shows (Wagtail's permission-denied page): a candidate's team
    sees its own only."""

    def get_object(self, *args, **kwargs):
        found = super().get_object(*args, **kwargs)
        if found.site_id not in site_ids(self.request.user):
            raise PermissionDenied
        return found


class MailingIndexView(IndexView):
    def get_base_queryset(self):
        return mailings_for(self.request.user, super().get_base_queryset())


class MailingEditView(OwnSite, EditView):
    """Only a draft is edited: what was sent stays what was sent."""

    def get_object(self, *args, **kwargs):
        mailing = super().get_object(*args, **kwargs)
        if mailing.status != Mailing.Status.DRAFT or getattr(
            mailing, "approval_requested_by_id", None
        ):
            # Asked to be approved: what the approver reads does not change.
            raise PermissionDenied
        return mailing


class OwnSiteDeleteView(OwnSite, DeleteView):
    pass


class OwnSiteHistoryView(OwnSite, HistoryView):
    pass


class OwnSiteUsageView(OwnSite, UsageView):
    pass


class MailingViewSet(ModelViewSet):
    index_view_class = MailingIndexView
    edit_view_class = MailingEditView
    delete_view_class = OwnSiteDeleteView
    history_view_class = OwnSiteHistoryView
    usage_view_class = OwnSiteUsageView
    copy_view_enabled = False
    model = Mailing
    icon = "mail"
    menu_label = gettext_lazy("Mailings")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "mailings"
    name = "mailings"
    list_display = [
        TitleColumn("subject", label=gettext_lazy("Subject"), url_name="mailings_admin:review"),
        Column("site", label=gettext_lazy("Site")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("created_at", label=gettext_lazy("Created"), sort_key="created_at"),
    ]
    filterset_class = MailingFilterSet
    search_fields = ["subject"]
    search_backend_name = None
    list_per_page = 50

    edit_handler = ObjectList(
        [
            FieldPanel("site"),
            FieldPanel("subject"),
            MultiFieldPanel(
                [
                    FieldPanel("subject_b"),
                    FieldPanel("ab_sample_percent"),
                    FieldPanel("ab_wait_hours"),
                ],
                heading=gettext_lazy("A/B test of two subjects (optional)"),
            ),
            FieldPanel("purpose"),
            FieldPanel("segment"),
            FieldPanel("body"),
            FieldPanel("track_clicks"),
        ],
        base_form_class=MailingForm,
    )

    @property
    def permission_policy(self):
        return MailingPermissionPolicy(Mailing)


def _mailing(request, pk, action="view"):
    mailing = get_object_or_404(Mailing.objects.select_related("site", "segment"), pk=pk)
    if not MailingPermissionPolicy(Mailing).user_has_permission_for_instance(
        request.user, action, mailing
    ):
        raise PermissionDenied
    return mailing


def _preview_person(mailing, user):
    """A real recipient: the first person of the audience."""
    return audience.people(mailing, user).order_by("pk").first()


def review(request, pk):
    mailing = _mailing(request, pk)
    person = _preview_person(mailing, request.user)
    preview = None
    if person is not None:
        copy = Renderer(mailing, person.language).message(Recipient(mailing=mailing, pk=0), person)
        preview = {"subject": copy.subject, "html": copy.alternatives[0].content, "person": person}
    draft = mailing.status == Mailing.Status.DRAFT
    scheduled = mailing.status == Mailing.Status.SCHEDULED
    count = audience.count(mailing, request.user) if draft or scheduled else None
    context = {
        "mailing": mailing,
        "count": count,
        "subject_test": ab.overview(mailing, count),
        "approval": approval.for_review(mailing, request.user),
        "scheduled": scheduled,
        "send_at": paris_time(mailing.send_at) if scheduled else "",
        "schedule_form": schedule_form() if draft else None,
        "warnings": advice.warnings(mailing),
        "preview": preview,
        "progress": mailing.progress(),
        "can_send": can_send(request.user),
        "draft": draft,
        "running": mailing.status == Mailing.Status.SENDING,
        "edit_url": reverse("mailings:edit", args=[mailing.pk]) if draft else "",
        "header_title": mailing.subject,
        "figures": None if draft or scheduled else stats.figures(mailing),
        "territories": None if draft or scheduled else stats.by_territory(mailing),
    }
    return TemplateResponse(request, "mailings/admin/review.html", context)


def progress(request, pk):
    return JsonResponse(_mailing(request, pk).progress())


@require_POST
def test_send(request, pk):
    mailing = _mailing(request, pk)
    person = _preview_person(mailing, request.user)
    if not request.user.email:
        messages.error(request, _("Your account has no email address to send the test to."))
    elif person is None:
        messages.error(request, _("Nobody in the audience: a test needs a recipient's fields."))
    else:
        from rostra_mailings.tasks import send_test

        # One test per click: a run again (a worker that died) sends no second copy.
        send_test.enqueue(
            mailing_id=mailing.pk,
            person_id=person.pk,
            to=request.user.email,
            key=f"mailing-test:{uuid.uuid4()}",
        )
        messages.success(
            request, _("A test was sent to %(email)s.") % {"email": request.user.email}
        )
    return redirect("mailings_admin:review", pk=mailing.pk)


def _for_sender(request, pk):
    """The mailing, for a user who may send it (its site's, with the permission)."""
    mailing = _mailing(request, pk)
    if not can_send(request.user):
        raise PermissionDenied
    return mailing


def _from_draft(request, mailing, action, done):
    """Run ``action`` on a draft; say ``done(its result)``, or that it is no draft."""
    try:
        result = action()
    except sending.NotSendable as error:
        if str(error) == "approval":
            messages.error(request, _("National sends need a second approver: ask for approval."))
        else:
            messages.error(request, _("This mailing is not a draft any more."))
    else:
        messages.success(request, done(result))
    return redirect("mailings_admin:review", pk=mailing.pk)


@require_POST
def send(request, pk):
    mailing = _for_sender(request, pk)
    return _from_draft(
        request,
        mailing,
        lambda: sending.start(mailing, request.user),
        lambda queued: _("Sending to %(n)s people.") % {"n": queued},
    )


class ScheduleForm(forms.Form):
    """The time a draft starts, read as Paris time (the campaign's), whatever
    the user's own time zone."""

    send_at = forms.DateTimeField(
        label=gettext_lazy("Send at (Paris time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def clean_send_at(self):
        when = self.cleaned_data["send_at"]
        if when <= timezone.now():
            raise forms.ValidationError(_("Choose a time to come."))
        return when


def schedule_form(data=None):
    form = ScheduleForm(data)
    if data is not None:
        with timezone.override(SCHEDULE_ZONE):
            form.is_valid()  # read in Paris time, whatever the user's zone
    return form


@require_POST
def schedule(request, pk):
    mailing = _for_sender(request, pk)
    form = schedule_form(request.POST)
    if not form.is_valid():
        for error in form.errors.get("send_at", []):
            messages.error(request, error)
        return redirect("mailings_admin:review", pk=mailing.pk)
    when = form.cleaned_data["send_at"]
    return _from_draft(
        request,
        mailing,
        lambda: sending.schedule(mailing, request.user, when),
        lambda _none: _("It will be sent on %(when)s (Paris time).") % {"when": paris_time(when)},
    )


@require_POST
def unschedule(request, pk):
    mailing = _for_sender(request, pk)
    if sending.unschedule(mailing):
        messages.success(request, _("Its sending is cancelled: it is a draft again."))
    else:
        messages.error(request, _("The mailing's state changed meanwhile: nothing was done."))
    return redirect("mailings_admin:review", pk=mailing.pk)


def paris_time(when):
    with timezone.override(SCHEDULE_ZONE):
        return formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")


@require_POST
def switch(request, pk, action):
    mailing = _for_sender(request, pk)
    done = {"pause": sending.pause, "resume": sending.resume, "cancel": sending.cancel}[action](
        mailing
    )
    if not done:
        messages.error(request, _("The mailing's state changed meanwhile: nothing was done."))
    return redirect("mailings_admin:review", pk=mailing.pk)
