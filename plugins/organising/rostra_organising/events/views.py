"""The event page's RSVP (a route of EventPage) and the RSVP's own page
(``/_organising/rsvp/<id>/<token>/``, the link in every email: the online
link, the cancel button, the consent confirmation)."""

from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from rostra import plugins, rate_limits
from rostra.people import api
from rostra.people.models import SourceKind

from rostra_organising import antibot, proving
from rostra_organising.apps import EVENT_UPDATES
from rostra_organising.events import links, messages, seats
from rostra_organising.events.forms import RsvpForm
from rostra_organising.events.models import Rsvp

RSVPS_PER_TEN_MINUTES = 10  # per connection: each RSVP emails the address typed


def rsvp(page, request):
    if request.method != "POST":
        return redirect(page.url)
    form = RsvpForm(request.POST)
    if not page.accepts_rsvps:
        return _page_with(page, request, form, status=409, closed=True)
    if not form.is_valid():
        return _page_with(page, request, form, status=400)
    if form.is_robot:
        return _thanks(page, request, status=Rsvp.Status.CONFIRMED)
    if not rate_limits.allow(request, "organising:rsvp", RSVPS_PER_TEN_MINUTES, 600):
        return _page_with(page, request, form, status=429, limited=True)
    data = form.cleaned_data
    site = page.get_site()
    typed = {
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "postcode": data["postcode"],
        "phone": data.get("phone") or "",
    }
    # Unproven: a new person is created with what they typed; a known one is
    # left as they are (the RSVP keeps what was typed).
    person, _created = api.find_or_create(
        email=data["email"],
        site=site,
        source=api.Source(SourceKind.PAGE, page.get_full_url(request)),
        **typed,
    )
    try:
        outcome = seats.reserve(
            page.pk,
            person=person,
            email=data["email"],
            language=get_language(),
            consent_granted=bool(data.get("consent")),
            consent_wording=str(form.fields["consent"].label),
            **typed,
        )
    except seats.EventFull:
        return _page_with(page, request, form, status=409, full=True)
    except seats.EventClosed:
        return _page_with(page, request, form, status=409, closed=True)
    if outcome.created:
        messages.tell(outcome.rsvp, "rsvp")
    return _thanks(page, request, status=outcome.rsvp.status, again=not outcome.created)


def _page_with(page, request, form, status, **flags):
    response = page.render(request, context_overrides={"form": form, **flags})
    response.status_code = status
    return response


def _thanks(page, request, *, status, again=False):
    return TemplateResponse(
        request,
        "organising/events/rsvp_thanks.html",
        page.get_context(request) | {"rsvp_status": status, "again": again},
    )


@never_cache
@require_GET
def form_token(request):
    """A CSRF token and a proof-of-work challenge for one form: the event page
    itself stays cacheable (no cookie, no token in it)."""
    return JsonResponse({"csrf": get_token(request), "challenge": antibot.new_challenge()})


def live_rsvp(rsvp_id, token, purpose):
    """The RSVP a link names, or 404: a wrong token, a plugin switched off, an
    event unpublished."""
    if not links.valid(rsvp_id, purpose, token):
        raise Http404
    rsvp = get_object_or_404(Rsvp.objects.select_related("person"), pk=rsvp_id)
    event = rsvp.event
    if not event.live or not plugins.is_enabled("organising", event.get_site()):
        raise Http404
    return rsvp


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, rsvp_id, token):
    """A GET shows the RSVP (a mail scanner following the link changes
    nothing); a POST cancels it, or confirms the address with the consent given."""
    rsvp = live_rsvp(rsvp_id, token, links.MANAGE)
    event = rsvp.event
    done = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel":
            outcome = seats.cancel(rsvp.pk)
            if outcome is not None:
                messages.tell(outcome.rsvp, "cancelled")
                for promoted in outcome.promoted:
                    messages.tell(promoted, "promoted")
            done = "cancelled"
        elif action == "confirm":
            _confirm_address(request, rsvp)
            done = "confirmed"
        else:
            return HttpResponseNotAllowed(["GET", "POST"])
        rsvp.refresh_from_db()
    context = {
        "page": event,
        "rsvp": rsvp,
        "done": done,
        "when": messages.when_text(event, get_language()),
        "where": messages.calendar._where(event),
        # The link to join, for a held seat only.
        "online_url": event.online_url
        if event.online and rsvp.status == Rsvp.Status.CONFIRMED
        else "",
    }
    return event._with_site_theme(
        lambda request: TemplateResponse(request, "organising/events/rsvp_manage.html", context),
        request,
        site=event.get_site(),
    )


def _confirm_address(request, rsvp):
    """The emailed link proves the address: what was typed reaches the person,
    and the consent ticked on the form goes into the ledger (once)."""
    proving.record_proved(
        request,
        rsvp,
        page=rsvp.event,
        purpose=EVENT_UPDATES,
        first_name=rsvp.first_name,
        last_name=rsvp.last_name,
        postcode=rsvp.postcode,
        phone=rsvp.phone,
    )
