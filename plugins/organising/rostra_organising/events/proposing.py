"""The views of supporter-hosted events: the public form (a route of the
events listing), the moderators' screens in the admin (a moderator of a site
is a user who may publish events under its listing: Wagtail's page
permissions, so a candidate's team moderates its own site only), and the
host's page behind their signed link."""

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from rostra import plugins, rate_limits
from rostra.mail.sending import send
from rostra.people import api
from rostra.people.models import SourceKind

from rostra_organising import contacts, links, messaging
from rostra_organising.events import links as rsvp_links
from rostra_organising.events.forms import ProposalForm
from rostra_organising.events.models import PARIS, EventPage, Rsvp
from rostra_organising.events.proposals import EventProposal
from rostra_organising.groups.admin_views import MessageForm

PROPOSALS_PER_HOUR = 5  # per connection
HOST_MESSAGES_PER_DAY = 10  # per host link

# -- The public form ---------------------------------------------------------------


def propose(listing, request):
    with timezone.override(PARIS):  # the times typed are Paris times
        form = ProposalForm(request.POST) if request.method == "POST" else ProposalForm()
        valid = request.method == "POST" and form.is_valid()
    if request.method != "POST":
        return _form_page(listing, request, form)
    if not valid:
        return _form_page(listing, request, form, status=400)
    if form.is_robot:
        return _form_page(listing, request, None, done=True)
    if not rate_limits.allow(request, "organising:propose", PROPOSALS_PER_HOUR, 3600):
        return _form_page(listing, request, form, status=429, limited=True)
    data = form.cleaned_data
    host = {
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "postcode": data["postcode"],
    }
    person, _created = api.find_or_create(
        email=data["email"],
        site=listing.get_site(),
        source=api.Source(SourceKind.PAGE, listing.get_full_url(request) or ""),
        **host,
    )
    proposal = EventProposal.objects.create(
        listing=listing,
        person=person,
        email=data["email"],
        language=get_language() or "",
        consent_granted=bool(data.get("consent")),
        consent_wording=str(form.fields["consent"].label),
        **host,
        **{name: data[name] for name in EVENT_FIELDS},
    )
    _tell_host(proposal, "organising/proposed")
    return _form_page(listing, request, None, done=True)


EVENT_FIELDS = (
    "title", "kind", "intro", "starts_at", "ends_at", "online", "online_url", "venue",
    "address", "event_postcode", "town", "capacity", "accessibility",
)  # fmt: skip


def _form_page(listing, request, form, status=200, **flags):
    context = {"page": listing, "form": form, **flags}
    response = listing._with_site_theme(
        lambda request: TemplateResponse(request, "organising/events/propose.html", context),
        request,
        site=listing.get_site(),
    )
    response.status_code = status
    return response


def _tell_host(proposal, template, **extra):
    send(
        template,
        to=proposal.email,
        person=proposal.person,
        language=proposal.language or None,
        site=proposal.listing.get_site(),
        context={
            "first_name": proposal.first_name,
            "event_title": proposal.title,
            **extra,
        },
        key=f"{template}:{proposal.pk}",
    )


# -- Moderation (admin) ------------------------------------------------------------------


def can_moderate(user, proposal):
    """A user who may publish an event under the listing it was proposed on."""
    permissions = proposal.listing.permissions_for_user(user)
    return permissions.can_add_subpage() and permissions.can_publish_subpage()


class DeclineForm(forms.Form):
    decline_reason = forms.CharField(
        label=_("Reason, told to the host"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _moderated(request, pk):
    proposal = get_object_or_404(EventProposal.objects.select_related("listing"), pk=pk)
    if not can_moderate(request.user, proposal):
        raise PermissionDenied
    return proposal


def review(request, pk):
    proposal = _moderated(request, pk)
    decline = DeclineForm(request.POST or None)
    if request.method == "POST" and proposal.status == EventProposal.Status.PENDING:
        action = request.POST.get("action")
        if action == "approve":
            event = approve(proposal, request.user)
            flash.success(request, gettext("The event is published: its host has been told."))
            return redirect("wagtailadmin_pages:edit", event.pk)
        if action == "decline" and decline.is_valid():
            refuse(proposal, request.user, decline.cleaned_data["decline_reason"])
            flash.success(request, gettext("The proposal is declined: its host has been told."))
            return redirect("organising_proposals:index")
    return TemplateResponse(
        request,
        "organising/admin/proposal.html",
        {"proposal": proposal, "decline": decline, "fields": _shown_fields(proposal)},
    )


def _shown_fields(proposal):
    return [
        (EventProposal._meta.get_field(name).verbose_name, _display(proposal, name))
        for name in EVENT_FIELDS
    ]


def _display(proposal, name):
    value = getattr(proposal, name)
    if name == "kind":
        return proposal.get_kind_display()
    if name in ("starts_at", "ends_at"):
        with timezone.override(PARIS):
            return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return "" if value is None else value


def approve(proposal, user):
    """Publish the event under its listing; the host gets their link."""
    with transaction.atomic():
        locked = EventProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != EventProposal.Status.PENDING:
            return locked.event
        fields = {name: getattr(locked, name) for name in EVENT_FIELDS}
        fields["postcode"] = fields.pop("event_postcode")
        page = locked.listing.add_child(instance=EventPage(host_names=locked.host_name, **fields))
        page.save_revision(user=user).publish(user=user)
        EventProposal.objects.filter(pk=locked.pk).update(
            status=EventProposal.Status.APPROVED,
            decided_at=timezone.now(),
            decided_by=user,
            event=page,
        )
        locked.refresh_from_db()
        _tell_host(
            locked,
            "organising/proposal_approved",
            event_url=page.get_full_url(),
            host_url=links.host_url(locked),
        )
    return page


def refuse(proposal, user, reason):
    with transaction.atomic():
        updated = EventProposal.objects.filter(
            pk=proposal.pk, status=EventProposal.Status.PENDING
        ).update(
            status=EventProposal.Status.DECLINED,
            decided_at=timezone.now(),
            decided_by=user,
            decline_reason=reason,
        )
        if updated:
            proposal.refresh_from_db()
            _tell_host(proposal, "organising/proposal_declined", reason=reason)


# -- The host's page ---------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def host(request, proposal_id, token):
    """The supporter host's RSVPs (masked) and a message to the attendees."""
    if not links.valid(proposal_id, links.HOST, token):
        raise Http404
    proposal = get_object_or_404(
        EventProposal, pk=proposal_id, status=EventProposal.Status.APPROVED, event__isnull=False
    )
    event = EventPage.objects.get(pk=proposal.event_id)
    if not event.live or not plugins.is_enabled("organising", event.get_site()):
        raise Http404
    live = Rsvp.objects.filter(event=event, status__in=Rsvp.ACTIVE).select_related("person")
    form = MessageForm(request.POST or None)
    sent = limited = False
    if request.method == "POST" and form.is_valid():
        if not rate_limits.allow(
            request, f"organising:host:{proposal.pk}", HOST_MESSAGES_PER_DAY, 86400
        ):
            limited = True
        else:
            messaging.write(
                site=event.get_site(),
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                recipients=messaging.recipients_of(live, rsvp_links.manage_url),
                event=event,
            )
            sent, form = True, MessageForm()
    rows = live.order_by("status", "last_name", "first_name")
    context = {
        "page": event,
        "proposal": proposal,
        "attendees": contacts.shown(rows),
        "confirmed": live.filter(status=Rsvp.Status.CONFIRMED).count(),
        "waitlisted": live.filter(status=Rsvp.Status.WAITLISTED).count(),
        "form": form,
        "sent": sent,
        "limited": limited,
    }
    return event._with_site_theme(
        lambda request: TemplateResponse(request, "organising/events/host.html", context),
        request,
        site=event.get_site(),
    )
