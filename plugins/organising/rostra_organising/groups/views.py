"""Joining a group (a route of GroupPage): one click for a signed-in user, the
short form for anyone else; and the member's own link
(``/_organising/member/<id>/<token>/``, in the welcome email): confirm the
address with the consent given, or leave the group."""

from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from rostra import plugins, rate_limits
from rostra.mail.sending import send
from rostra.people import api
from rostra.people.models import SourceKind

from rostra_organising import links, people
from rostra_organising.apps import GROUP_NEWS
from rostra_organising.groups.forms import CONSENT_WORDING, JoinForm
from rostra_organising.groups.models import GroupPage, Membership

JOINS_PER_TEN_MINUTES = 10  # per connection: each join emails the address typed


def join(page, request):
    if request.method != "POST":
        return redirect(page.url)
    if request.POST.get("one_click") and request.user.is_authenticated and request.user.email:
        return _join_signed_in(page, request)
    form = JoinForm(request.POST)
    if not form.is_valid():
        return _page_with(page, request, form, status=400)
    if form.is_robot:
        return _thanks(page, request)
    if not rate_limits.allow(request, "organising:join", JOINS_PER_TEN_MINUTES, 600):
        return _page_with(page, request, form, status=429, limited=True)
    data = form.cleaned_data
    typed = {
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "postcode": data["postcode"],
    }
    # Unproven: a new person is created with what they typed; a known one is
    # left as they are (the membership keeps what was typed).
    person, _created = api.find_or_create(
        email=data["email"],
        site=page.get_site(),
        source=api.Source(SourceKind.PAGE, page.get_full_url(request)),
        **typed,
    )
    membership, created = _member(
        page,
        person,
        email=data["email"],
        consent_granted=bool(data.get("consent")),
        consent_wording=str(form.fields["consent"].label),
        **typed,
    )
    if created:
        _welcome(membership)
    return _thanks(page, request, again=not created)


def _join_signed_in(page, request):
    """The signed-in user's own address: joined at once, the consent shown on
    the button recorded in the ledger."""
    user = request.user
    site = page.get_site()
    person, _created = api.find_or_create(
        email=user.email,
        site=site,
        source=api.Source(SourceKind.PAGE, page.get_full_url(request)),
        first_name=user.first_name,
        last_name=user.last_name,
    )
    membership, created = _member(
        page,
        person,
        email=user.email,
        first_name=user.first_name or person.first_name,
        last_name=user.last_name or person.last_name,
        postcode=person.postcode,
        consent_granted=True,
        consent_wording=str(CONSENT_WORDING),
    )
    if created:
        _record_consent(request, membership)
    return _thanks(page, request, again=not created, signed_in=True)


def _member(page, person, **typed):
    """(membership, created): the live membership of the person, or a new one."""
    found = Membership.objects.filter(group=page, person=person, left_at__isnull=True).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return Membership.objects.create(
                group=page, person=person, language=get_language() or "", **typed
            ), True
    except IntegrityError:  # joined twice at once: one membership
        return Membership.objects.get(group=page, person=person, left_at__isnull=True), False


def _welcome(membership):
    group = membership.group
    send(
        "organising/joined",
        to=membership.email,
        person=membership.person,
        language=membership.language or None,
        site=group.get_site(),
        context={
            "first_name": membership.first_name,
            "group_title": group.title,
            "group_url": group.get_full_url(),
            "manage_url": links.member_url(membership),
        },
        key=f"organising:joined:{membership.pk}",
    )


def _page_with(page, request, form, status, **flags):
    response = page.render(request, context_overrides={"form": form, **flags})
    response.status_code = status
    return response


def _thanks(page, request, *, again=False, signed_in=False):
    return TemplateResponse(
        request,
        "organising/groups/join_thanks.html",
        page.get_context(request) | {"again": again, "signed_in": signed_in},
    )


def _record_consent(request, membership):
    """The address is proved: what was typed reaches the person, the consent
    goes into the ledger (once), and the organisers' messages reach them."""
    people.confirm_typed(
        membership,
        page=membership.group,
        request=request,
        purpose=GROUP_NEWS,
        details={
            "first_name": membership.first_name,
            "last_name": membership.last_name,
            "postcode": membership.postcode,
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def member(request, membership_id, token):
    """A GET shows the membership (a mail scanner following the link changes
    nothing); a POST confirms the address, or leaves the group."""
    if not links.valid(membership_id, links.MEMBER, token):
        raise Http404
    membership = get_object_or_404(Membership.objects.select_related("person"), pk=membership_id)
    group = GroupPage.objects.get(pk=membership.group_id)
    if not group.live or not plugins.is_enabled("organising", group.get_site()):
        raise Http404
    done = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "leave":
            Membership.objects.filter(pk=membership.pk, left_at__isnull=True).update(
                left_at=timezone.now()
            )
            done = "left"
        elif action == "confirm" and membership.left_at is None:
            _record_consent(request, membership)
            done = "confirmed"
        else:
            return HttpResponseNotAllowed(["GET", "POST"])
        membership.refresh_from_db()
    context = {"page": group, "membership": membership, "done": done}
    return group._with_site_theme(
        lambda request: TemplateResponse(request, "organising/groups/member.html", context),
        request,
        site=group.get_site(),
    )
