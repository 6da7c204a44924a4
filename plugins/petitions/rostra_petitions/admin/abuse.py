"""Abuse screens: what is trending in the last hour, and bulk invalidation with
a preview of how many signatures it will touch."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.model import ModelViewSet

from rostra_petitions import invalidation, tasks
from rostra_petitions.admin.access import can_manage_abuse, petitions_for
from rostra_petitions.models import AbuseRule, Invalidation, Signature


def trending(request):
    if not can_manage_abuse(request.user):
        raise PermissionDenied
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = Signature.objects.filter(
        created_at__gte=since, petition__in=petitions_for(request.user)
    )
    ips = recent.exclude(ip_hash="").values("ip_hash").annotate(n=Count("id")).order_by("-n")[:25]
    domains = (
        recent.exclude(email_domain="")
        .values("email_domain")
        .annotate(n=Count("id"))
        .order_by("-n")[:25]
    )
    return TemplateResponse(
        request,
        "petitions/admin/trending.html",
        {"ips": ips, "domains": domains, "since": since, "total": recent.count()},
    )


class InvalidationForm(forms.Form):
    petition = forms.ModelChoiceField(
        label=gettext_lazy("Petition"), queryset=Signature.objects.none(), required=False
    )
    ip_hash = forms.CharField(label=gettext_lazy("Hashed IP address"), required=False)
    domain = forms.CharField(label=gettext_lazy("Email domain"), required=False)
    email = forms.CharField(label=gettext_lazy("Email address"), required=False)
    postcode = forms.CharField(label=gettext_lazy("Postcode"), required=False)
    since = forms.DateField(
        label=gettext_lazy("Signed on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=gettext_lazy("Signed on or before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(label=gettext_lazy("Reason (kept in the log)"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["petition"].queryset = petitions_for(user)

    def clean(self):
        data = super().clean()
        if not any(
            data.get(name) for name in ("ip_hash", "domain", "email", "postcode", "since", "until")
        ):
            raise forms.ValidationError(
                _(
                    "Give at least one criterion besides the petition: "
                    "invalidating a whole petition is not possible here."
                )
            )
        return data

    def criteria(self):
        data = self.cleaned_data
        criteria = {
            name: (value.isoformat() if hasattr(value, "isoformat") else value)
            for name, value in data.items()
            if name not in ("petition", "reason") and value
        }
        if data.get("petition"):
            criteria["petition"] = data["petition"].pk
        return criteria


def invalidate(request):
    if not can_manage_abuse(request.user):
        raise PermissionDenied
    form = InvalidationForm(request.POST or request.GET or None, user=request.user)
    preview = None
    if form.is_bound and form.is_valid():
        criteria = form.criteria()
        if not criteria.get("petition") and not request.user.is_superuser:
            form.add_error("petition", _("Choose a petition."))
        else:
            preview = invalidation.preview(criteria)
            if request.method == "POST" and request.POST.get("confirm") == str(preview["total"]):
                record = Invalidation.objects.create(
                    petition_id=criteria.get("petition"),
                    criteria=criteria,
                    summary=", ".join(f"{key}={value}" for key, value in criteria.items())[:500],
                    reason=form.cleaned_data.get("reason", ""),
                    created_by=request.user,
                )
                tasks.invalidate.enqueue(record.pk)
                messages.success(
                    request,
                    _("Invalidation started for %(n)s signature(s).") % {"n": preview["total"]},
                )
                return redirect("petitions_admin:invalidate")
    history = (
        Invalidation.objects.filter(petition__in=petitions_for(request.user))
        if not request.user.is_superuser
        else Invalidation.objects.all()
    )
    return TemplateResponse(
        request,
        "petitions/admin/invalidate.html",
        {
            "form": form,
            "preview": preview,
            "states": dict(Signature.State.choices),
            "history": history[:30],
        },
    )


class AbuseRuleViewSet(ModelViewSet):
    model = AbuseRule
    icon = "lock"
    menu_label = gettext_lazy("Allow and block lists")
    name = "petitions_rules"
    url_prefix = "petitions/rules"
    form_fields = ["kind", "value", "action", "note"]
    list_display = ["value", "kind", "action", "note", "created_at"]
    list_filter = ["kind", "action"]
    search_fields = ["value", "note"]
    add_to_admin_menu = False
    copy_view_enabled = False
