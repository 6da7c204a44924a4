"""The development outbox: every message the site "sent", readable in the admin."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from rostra.mail.models import OutboxMessage
from rostra.mail.outbox_views import OutboxMessageView, attachment


class OutboxViewSet(ModelViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = _("Outbox")
    add_to_settings_menu = True
    list_display = ["subject", "to", "created_at"]
    search_fields = ["subject", "to", "body"]
    inspect_view_enabled = True
    inspect_view_class = OutboxMessageView
    exclude_form_fields = []  # no add or edit view is reachable: the policy allows "view" only
    inspect_view_fields = [
        "to",
        "from_email",
        "subject",
        "created_at",
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
