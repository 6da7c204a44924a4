"""The outbox's message page (Wagtail's inspect view) and its attachments.

The list is Wagtail's listing (filters drawer, sortable columns, export).
The message is shown as a reader would get it: the text with its line breaks
and clickable links, the HTML part in a sandboxed frame (no script runs, no
form posts), headers that wrap instead of running off the page, each
attachment listed with a download link, and the time in the site's time zone
like every other screen.
"""

import base64

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join, urlize
from django.utils.safestring import mark_safe
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from wagtail.admin.auth import PermissionPolicyChecker
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.permissions import policy_registry

from rostra.mail.models import OutboxMessage
from rostra.mail.permissions import outbox_for
from rostra.sitesettings.names import site_name

WRAP = "white-space:pre-wrap;overflow-wrap:anywhere;font-family:inherit;margin:0"


def sent_at(message):
    """When the message was kept, in the site's time zone."""
    return formats.date_format(timezone.localtime(message.created_at), "SHORT_DATETIME_FORMAT")


class OutboxIndexView(IndexView):
    def get_base_queryset(self):
        # A candidate's team: its own site's emails (the export too).
        return outbox_for(self.request.user, super().get_base_queryset()).select_related("site")

    def order_queryset(self, queryset):
        # Pk breaks ties: a page boundary never shows a message twice or skips one.
        ordering = self.ordering or "-created_at"
        return queryset.order_by(ordering, "-pk")

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        # Excel has no time zones: the time as the site's team reads it.
        row["created_at"] = timezone.localtime(item.created_at).replace(tzinfo=None)
        return row


class OutboxMessageView(InspectView):
    def get_object(self, queryset=None):
        messages = outbox_for(self.request.user, OutboxMessage.objects.all())
        return get_object_or_404(messages, pk=self.pk)

    def get_created_at_display_value(self):
        when = timezone.localtime(self.object.created_at)
        return formats.date_format(when, "DATETIME_FORMAT")

    def get_site_display_value(self):
        return site_name(self.object.site) or "—"

    def get_to_display_value(self):
        return format_html('<span style="overflow-wrap:anywhere">{}</span>', self.object.to)

    def get_headers_display_value(self):
        if not self.object.headers:
            return "—"
        rows = format_html_join(
            "",
            '<dt style="font-weight:bold">{}</dt><dd style="{}">{}</dd>',
            ((name, WRAP, value) for name, value in self.object.headers.items()),
        )
        return format_html("<dl>{}</dl>", rows)

    def get_body_display_value(self):
        text = urlize(self.object.body, nofollow=True, autoescape=True)
        return format_html('<pre style="{}">{}</pre>', WRAP, mark_safe(text))  # noqa: S308

    def get_html_display_value(self):
        if not self.object.html:
            return "—"
        return format_html(
            '<iframe sandbox="" srcdoc="{}" title="{}" '
            'style="width:100%;min-height:32rem;border:1px solid #ccc"></iframe>',
            self.object.html,
            _("The email as HTML"),
        )

    def get_attachments_display_value(self):
        if not self.object.attachments:
            return "—"
        items = format_html_join(
            "",
            '<li><a href="{}" download>{}</a> ({}, {})</li>',
            (
                (
                    reverse("outbox_attachment", args=[self.object.pk, index]),
                    item["filename"],
                    item["mimetype"],
                    formats.localize(len(base64.b64decode(item["base64"])) // 1024 or 1) + " kB",
                )
                for index, item in enumerate(self.object.attachments)
            ),
        )
        return format_html("<ul>{}</ul>", items)


permission_checker = PermissionPolicyChecker(policy_registry.get_by_type(OutboxMessage))


@permission_checker.require("view")
def attachment(request, pk, index):
    message = get_object_or_404(outbox_for(request.user, OutboxMessage.objects.all()), pk=pk)
    try:
        item = message.attachments[index]
    except IndexError:
        raise Http404 from None
    response = HttpResponse(base64.b64decode(item["base64"]), content_type=item["mimetype"])
    name = get_valid_filename(item["filename"]) or "attachment"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
