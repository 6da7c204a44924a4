"""The development outbox: every message the site "sent", readable in the admin."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet

from rostra.mail.filters import OutboxFilterSet
from rostra.mail.models import OutboxMessage
from rostra.mail.outbox_views import OutboxIndexView, OutboxMessageView, attachment, sent_at
from rostra.sitesettings.names import site_name


class OutboxViewSet(ModelViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = _("Outbox")
    add_to_settings_menu = True
    index_view_class = OutboxIndexView
    list_display = [
        TitleColumn("subject", label=_("Subject"), url_name="outbox:inspect", sort_key="subject"),
        Column("to", label=_("To"), sort_key="to"),
        Column("site", label=_("Site"), accessor=lambda m: site_name(m.site), sort_key="site"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("created_at", label=_("Sent"), accessor=sent_at, sort_key="created_at"),
    ]
    filterset_class = OutboxFilterSet
    search_fields = ["to", "subject"]
    search_backend_name = None  # the database's own search, on these fields
    list_per_page = 50
    list_export = ["created_at", "site_name", "get_status_display", "to", "from_email", "subject"]
    export_headings = {"site_name": _("Site"), "get_status_display": _("Status")}
    export_filename = "outbox"
    inspect_view_enabled = True
    inspect_view_class = OutboxMessageView
    exclude_form_fields = []  # no add or edit view is reachable: the policy allows "view" only
    inspect_view_fields = [
        "to",
        "from_email",
        "subject",
        "created_at",
        "site",
        "status",
        "refused",
        "headers",
        "body",
        "html",
        "attachments",
    ]
    url_prefix = "outbox"
    name = "outbox"


@hooks.register("register_admin_viewset")
def register_outbox():
    # Shown only where mail is kept in the outbox (OutboxPermissionPolicy).
    return OutboxViewSet()


@hooks.register("register_admin_urls")
def register_outbox_attachments():
    return [
        path(
            "outbox/<int:pk>/attachments/<int:index>/",
            attachment,
            name="outbox_attachment",
        )
    ]
