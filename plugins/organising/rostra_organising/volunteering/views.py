"""The "Je m'engage" form (a route of VolunteerPage) and the volunteer's own
page (``/_organising/volunteer/<id>/<token>/``, the link in their emails):
confirm the address (and the consent), see their shifts and free a place."""

from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from rostra import plugins, rate_limits
from rostra.people import api
from rostra.people.models import TimelineEntry

from rostra_organising import people
from rostra_organising.apps import VOLUNTEERING
from rostra_organising.events import links
from rostra_organising.events.messages import when_text
from rostra_organising.volunteering import messages, shifts
from rostra_organising.volunteering.forms import VolunteerForm
from rostra_organising.volunteering.models import ShiftSignup, Volunteer, pack

OFFERS_PER_TEN_MINUTES = 10  # per connection: each offer emails the address typed
OFFERED = gettext_noop("Offered to volunteer: %(tasks)s")


def offer(page, request):
    if request.method != "POST":
        return redirect(page.url)
    open_shifts = list(page.open_shifts())
    form = VolunteerForm(request.POST, shifts=open_shifts)
    if not form.is_valid():
        return _page_with(page, request, form, status=400)
    if form.is_robot:
        return _thanks(page, request, signups=[], full=[])
    if not rate_limits.allow(request, "organising:volunteer", OFFERS_PER_TEN_MINUTES, 600):
        return _page_with(page, request, form, status=429, limited=True)
    data = form.cleaned_data
    site = page.get_site()
    person, typed = people.unproven_person(data, page, request)
    volunteer = Volunteer(
        person=person,
        site=site,
        page=page,
        email=data["email"],
        tasks=pack(data["tasks"]),
        availability=pack(data["availability"]),
        skills=data.get("skills", ""),
        language=get_language(),
        consent_granted=bool(data.get("consent")),
        consent_wording=str(form.fields["consent"].label),
        **typed,
    )
    volunteer.place()
    volunteer.save()
    api.add_to_timeline(
        person,
        kind=TimelineEntry.Kind.NOTE,
        message=OFFERED,
        params={"tasks": volunteer.tasks_display()},
        site=site,
        data={"volunteer": volunteer.pk, "tasks": data["tasks"]},
    )
    chosen = {int(pk) for pk in data.get("shifts", [])}
    signups, full = [], []
    for shift in open_shifts:
        if shift.pk not in chosen:
            continue
        try:
            signups.append(shifts.sign_up(shift.pk, volunteer=volunteer))
        except shifts.ShiftFull:
            full.append(shift)
    messages.thank(volunteer, signups, full)
    return _thanks(page, request, signups=signups, full=full)


def _page_with(page, request, form, status, **flags):
    response = page.render(request, context_overrides={"form": form, **flags})
    response.status_code = status
    return response


def _thanks(page, request, *, signups, full):
    return TemplateResponse(
        request,
        "organising/volunteering/thanks.html",
        page.get_context(request) | {"signups": signups, "full": full},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, volunteer_id, token):
    """A GET shows the offer and its shifts (a mail scanner following the link
    changes nothing); a POST confirms the address or frees one place."""
    if not links.valid(volunteer_id, messages.OFFER, token):
        raise Http404
    volunteer = get_object_or_404(Volunteer.objects.select_related("person"), pk=volunteer_id)
    page = volunteer.page
    if page is None or not page.live or not plugins.is_enabled("organising", page.get_site()):
        raise Http404
    done = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            _confirm_address(request, volunteer)
            done = "confirmed"
        elif action == "cancel":
            chosen = request.POST.get("signup", "")
            signup = get_object_or_404(
                ShiftSignup, pk=int(chosen) if chosen.isdigit() else 0, volunteer=volunteer
            )
            shifts.cancel(signup.pk)
            done = "cancelled"
        else:
            return HttpResponseNotAllowed(["GET", "POST"])
        volunteer.refresh_from_db()
    context = {
        "page": page,
        "volunteer": volunteer,
        "done": done,
        "signups": [
            (signup, when_text(signup.shift, get_language()))
            for signup in volunteer.signups.select_related("shift").order_by("shift__starts_at")
            if signup.status == ShiftSignup.Status.CONFIRMED
        ],
    }
    return page._with_site_theme(
        lambda request: TemplateResponse(request, "organising/volunteering/manage.html", context),
        request,
        site=page.get_site(),
    )


def _confirm_address(request, volunteer):
    """The emailed link proves the address: what was typed reaches the person,
    and the consent (e-mail, and phone when one was given) goes into the ledger."""
    channels = ("email", "phone") if volunteer.phone else ("email",)
    people.confirm_typed(
        volunteer, page=volunteer.page, request=request, purpose=VOLUNTEERING, channels=channels
    )
