"""Webhook subscriptions in the admin (Settings › Webhooks): an endpoint per
site and the events it hears, its address checked against server-side request
forgery; each subscription's delivery log, with redelivery by hand."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from rostra_api import delivery, webhooks
from rostra_api.admin import sites_for
from rostra_api.models import WebhookDelivery, WebhookSubscription


class SubscriptionForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=gettext_lazy("events"),
        choices=WebhookSubscription.Event.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookSubscription
        fields = ["site", "url", "events", "allow_private", "active"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = for_user
        self.fields["site"].queryset = sites_for(for_user)
        if self.instance.pk:
            self.fields["url"].help_text = _(
                "Signing secret (the receiver verifies each call with it): %(secret)s"
            ) % {"secret": self.instance.secret}

    def clean(self):
        data = super().clean()
        if data.get("url"):
            try:
                delivery.resolve(data["url"], allow_private=data.get("allow_private", False))
            except delivery.Refused as refusal:
                self.add_error("url", str(refusal))
        return data

    def save(self, commit=True):
        subscription = super().save(commit=False)
        if not subscription.secret:
            subscription.secret = webhooks.new_secret()
            subscription.created_by = self.user
        if subscription.active:
            subscription.disabled_at = None
        if commit:
            subscription.save()
        return subscription


class LogColumn(Column):
    def get_value(self, instance):
        url = reverse("api_webhook_log", args=[instance.pk])
        return format_html('<a href="{}">{}</a>', url, _("Delivery log"))


class WebhookViewSet(ModelViewSet):
    model = WebhookSubscription
    form_fields = ["site", "url", "events", "allow_private", "active"]
    icon = "link-external"
    menu_label = gettext_lazy("Webhooks")
    name = "api_webhooks"
    url_prefix = "api/webhooks"
    add_to_settings_menu = True
    list_display = ["url", "site", "active", "disabled_at", LogColumn("log", label="")]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return SubscriptionForm


def _subscription_for(request, pk):
    subscription = get_object_or_404(WebhookSubscription, pk=pk, site__in=sites_for(request.user))
    if not request.user.has_perm("api.change_webhooksubscription"):
        raise PermissionDenied
    return subscription


def delivery_log(request, pk):
    subscription = _subscription_for(request, pk)
    if request.method == "POST":
        owed = get_object_or_404(
            WebhookDelivery, pk=request.POST.get("delivery"), subscription=subscription
        )
        webhooks.redeliver(owed)
        return redirect("api_webhook_log", pk)
    deliveries = (
        subscription.deliveries.select_related("event")
        .prefetch_related("log")
        .order_by("-event__created_at")[:100]
    )
    return render(
        request,
        "rostra_api/delivery_log.html",
        {"subscription": subscription, "deliveries": deliveries},
    )


admin_urls = [path("api/webhooks/log/<int:pk>/", delivery_log, name="api_webhook_log")]
webhooks_viewset = WebhookViewSet()
