"""The SMS screens: the broadcasts (Wagtail's ModelViewSet, with the mailings'
own views and permission policy: a candidate's team sees its site's only, a
sent broadcast is not edited), the review screen (the exact audience, a
recipient's copy and its part count, the quiet hours, send, progress, pause,
resume, cancel, the figures), and the test provider's outbox."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, re_path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rostra.mail.permissions import OutboxPermissionPolicy, outbox_for, sites_of_outbox_reader
from rostra.people.models import Consent
from rostra.sitesettings.names import site_name
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from rostra_mailings import admin_views, filters, stats
from rostra_mailings.permissions import MailingPermissionPolicy, can_send
from rostra_mailings.sending import NotSendable
from rostra_mailings.sms import audience, providers, quiet, segments, sending
from rostra_mailings.sms.forms import SmsBroadcastForm
from rostra_mailings.sms.models import SmsBroadcast, SmsMessage, SmsSettings
from rostra_mailings.sms.text import Template

register_permission_policy(SmsBroadcast, MailingPermissionPolicy(SmsBroadcast))


class SmsFilterSet(filters.MailingFilterSet):
    class Meta:
        model = SmsBroadcast
        fields = ["status", "site", "created_at"]


class SmsBroadcastViewSet(admin_views.MailingViewSet):
    model = SmsBroadcast
    icon = "mobile-alt"
    menu_label = gettext_lazy("Text messages")
    menu_order = 251
    url_prefix = "sms"
    name = "sms_broadcasts"
    list_display = [
        TitleColumn("name", label=gettext_lazy("Name"), url_name="sms_admin:review"),
        Column("site", label=gettext_lazy("Site")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("created_at", label=gettext_lazy("Created"), sort_key="created_at"),
    ]
    filterset_class = SmsFilterSet
    search_fields = ["name", "text"]
    edit_handler = ObjectList(
        [
            FieldPanel("site"),
            FieldPanel("name"),
            FieldPanel("purpose"),
            FieldPanel("segment"),
            FieldPanel("text"),
        ],
        base_form_class=SmsBroadcastForm,
    )

    @property
    def permission_policy(self):
        return MailingPermissionPolicy(SmsBroadcast)


def _broadcast(request, pk, action="view"):
    broadcast = get_object_or_404(SmsBroadcast.objects.select_related("site", "segment"), pk=pk)
    policy = MailingPermissionPolicy(SmsBroadcast)
    if not policy.user_has_permission_for_instance(request.user, action, broadcast):
        raise PermissionDenied
    return broadcast


def figures(broadcast):
    statuses = broadcast.progress()["counts"]
    stopped = 0
    if broadcast.started_at is not None:
        stopped = (
            Consent.objects.filter(
                person_id__in=broadcast.recipients.values("person_id"),
                channel="sms",
                granted=False,
                where_detail__startswith="SMS STOP",
                recorded_at__gte=broadcast.started_at,
            )
            .values("person_id")
            .distinct()
            .count()
        )
    Status = broadcast.recipients.model.Status  # noqa: N806
    return stats.bars(
        [
            ("sent", _("Sent"), statuses.get(Status.SENT, 0)),
            ("refused", _("Number refused by the provider"), statuses.get(Status.BOUNCED, 0)),
            ("failed", _("Failed after retries"), statuses.get(Status.FAILED, 0)),
            ("skipped", _("Skipped (consent withdrawn)"), statuses.get(Status.SKIPPED, 0)),
            ("stopped", _("Replied STOP"), stopped),
        ]
    )


def review(request, pk):
    broadcast = _broadcast(request, pk)
    draft = broadcast.status == SmsBroadcast.Status.DRAFT
    person = audience.people(broadcast, request.user).order_by("pk").first()
    preview = None
    if person is not None:
        copy = Template(broadcast.text).copy(person, site_name(broadcast.site))
        preview = {"person": person, "text": copy, "count": segments.count(copy)}
    settings = SmsSettings.for_site(broadcast.site)
    now = timezone.now()
    opening = quiet.next_opening(settings, now)
    context = {
        "broadcast": broadcast,
        "count": audience.count(broadcast, request.user) if draft else None,
        "preview": preview,
        "progress": broadcast.progress(),
        "can_send": can_send(request.user),
        "draft": draft,
        "running": broadcast.status == SmsBroadcast.Status.SENDING,
        "edit_url": reverse("sms_broadcasts:edit", args=[broadcast.pk]) if draft else "",
        "header_title": broadcast.name,
        "settings": settings,
        "quiet_now": opening != now,
        "opening": formats.date_format(timezone.localtime(opening), "DATETIME_FORMAT"),
        "figures": None if draft else figures(broadcast),
        "provider": providers.current().code,
    }
    return TemplateResponse(request, "mailings/sms/review.html", context)


def progress(request, pk):
    return JsonResponse(_broadcast(request, pk).progress())


@require_POST
def send(request, pk):
    broadcast = _broadcast(request, pk)
    if not can_send(request.user):
        raise PermissionDenied
    try:
        queued = sending.start(broadcast, request.user)
    except NotSendable:
        messages.error(request, _("This text message is not a draft any more."))
    else:
        messages.success(request, _("Sending to %(n)s people.") % {"n": queued})
    return redirect("sms_admin:review", pk=broadcast.pk)


@require_POST
def switch(request, pk, action):
    broadcast = _broadcast(request, pk)
    if not can_send(request.user):
        raise PermissionDenied
    act = {"pause": sending.pause, "resume": sending.resume, "cancel": sending.cancel}[action]
    if not act(broadcast):
        messages.error(request, _("The sending's state changed meanwhile: nothing was done."))
    return redirect("sms_admin:review", pk=broadcast.pk)


class SmsOutboxPolicy(OutboxPermissionPolicy):
    """The email outbox's rules, where the test SMS provider is in use."""

    def user_has_permission(self, user, action):
        return (
            action == "view" and providers.local_in_use() and sites_of_outbox_reader(user) != set()
        )


register_permission_policy(SmsMessage, SmsOutboxPolicy(SmsMessage))


class SmsOutboxIndexView(IndexView):
    def get_base_queryset(self):
        return outbox_for(self.request.user, super().get_base_queryset()).select_related("site")


class SmsOutboxInspectView(InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(outbox_for(self.request.user, SmsMessage.objects), pk=self.pk)


class SmsOutboxViewSet(ModelViewSet):
    model = SmsMessage
    icon = "mobile-alt"
    menu_label = gettext_lazy("SMS outbox")
    add_to_settings_menu = True
    index_view_class = SmsOutboxIndexView
    inspect_view_enabled = True
    inspect_view_class = SmsOutboxInspectView
    inspect_view_fields = ["to", "sender", "text", "parts", "encoding", "site", "created_at"]
    list_display = [
        TitleColumn("text", label=gettext_lazy("Text"), url_name="sms_outbox:inspect"),
        Column("to", label=gettext_lazy("To")),
        Column("site", label=gettext_lazy("Site"), accessor=lambda m: site_name(m.site)),
        Column("parts", label=gettext_lazy("SMS parts")),
        Column("created_at", label=gettext_lazy("Sent"), sort_key="created_at"),
    ]
    search_fields = ["to", "text"]
    search_backend_name = None
    list_per_page = 50
    exclude_form_fields = []  # no add or edit view is reachable: the policy allows "view" only
    url_prefix = "sms-outbox"
    name = "sms_outbox"

    @property
    def permission_policy(self):
        return SmsOutboxPolicy(SmsMessage)


admin_urls = [
    path("<int:pk>/", review, name="review"),
    path("<int:pk>/progress/", progress, name="progress"),
    path("<int:pk>/send/", send, name="send"),
    re_path(r"^(?P<pk>\d+)/(?P<action>pause|resume|cancel)/$", switch, name="switch"),
]


@hooks.register("register_admin_viewset")
def register_broadcasts():
    return SmsBroadcastViewSet()


@hooks.register("register_admin_viewset")
def register_outbox():
    # Shown only where the test provider keeps the texts (SmsOutboxPolicy).
    return SmsOutboxViewSet()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("sms/review/", include((admin_urls, "sms_admin"), namespace="sms_admin"))]
