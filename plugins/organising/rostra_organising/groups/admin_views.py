"""The organiser's message to a group's members, and who the organiser may
see (the lists themselves are Wagtail index views: groups/admin_index.py). An
organiser sees the groups they organise only; superusers every group."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rostra_organising import links, messaging
from rostra_organising.groups.models import GroupPage, Membership


def organised_groups(user):
    groups = GroupPage.objects.all()
    if not user.is_superuser:
        groups = groups.filter(organisers=user)
    return groups


def _organised(request, pk):
    group = get_object_or_404(GroupPage, pk=pk)
    if not organised_groups(request.user).filter(pk=group.pk).exists():
        raise PermissionDenied
    return group


def live_members(group):
    return Membership.objects.filter(group=group, left_at__isnull=True)


def reachable_members(group):
    return live_members(group).filter(consent_granted=True, consent_recorded_at__isnull=False)


class MessageForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=messaging.SUBJECT_MAX)
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=messaging.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
    )


def message(request, pk):
    group = _organised(request, pk)
    form = MessageForm(request.POST or None)
    reachable = reachable_members(group).select_related("person")
    if request.method == "POST" and form.is_valid():
        recipients = messaging.recipients_of(reachable, links.member_url)
        messaging.write(
            site=group.get_site(),
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            recipients=recipients,
            author=request.user,
            group=group,
        )
        messages.success(
            request,
            _("Your message is on its way to %(count)d members.") % {"count": len(recipients)},
        )
        return redirect("organising_group_members", group.pk)
    return TemplateResponse(
        request,
        "organising/admin/message.html",
        {
            "title": group.title,
            "form": form,
            "count": reachable.count(),
            "back_url": reverse("organising_group_members", args=[group.pk]),
        },
    )
