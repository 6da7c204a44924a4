"""Joining from a JoinPage, with double opt-in.

The form stores what was typed as a pending JoinRequest, finds or creates the
person through the people API (an address already known is left unchanged:
anyone can type anyone's address), and emails a confirmation link. The page
answers the same whether the address was known or not. The link shows a
button; only its POST (mail scanners follow links) confirms: then the details
reach the person (Proof.EMAIL_CONFIRMED) and the consent is recorded with the
exact words ticked.
"""

import datetime
import hmac
import json
import secrets

from django.core.cache import cache
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, gettext_noop

from rostra import antibot
from rostra.client_ip import client_ip
from rostra.mail.sending import send
from rostra.pages.join_form import SCOPE, JoinForm
from rostra.people import api
from rostra.people.canonical import canonical_email
from rostra.people.models import SourceKind, TimelineEntry

DEFAULT_WORDING = gettext_lazy("I want to receive the campaign's news by email.")
JOINED = gettext_noop("Joined from the page “%(title)s”")
CONFIRM_DAYS = 7
# Per client address and per email address: enough for a family sharing a
# connection, too few to mail-bomb someone through the form.
RATE_LIMIT = (("ip", 10, 3600), ("email", 3, 3600))


def join_view(page, request):
    form = JoinForm(request.POST or None, wording=page.wording())
    # The page is the visitor's own (it holds a CSRF token): its challenge too.
    challenge = json.dumps(antibot.new_challenge(SCOPE))
    context = {"form": form, "state": "form", "challenge": challenge}
    if request.method == "POST" and form.is_valid():
        if not allowed(request, form.cleaned_data["email"]):
            context["state"] = "limited"
        else:
            if not form.is_robot:
                submit(page, form.cleaned_data, request)
            # A robot is told the same as a person.
            context["state"] = "sent"
    response = page.render(request, context_overrides=context)
    if context["state"] == "limited":
        response.status_code = 429
    return response


def allowed(request, email):
    ip_hash = api.hash_ip(client_ip(request))
    keys = {"ip": ip_hash, "email": canonical_email(email)}
    for kind, limit, window in RATE_LIMIT:
        if not keys[kind]:
            continue
        key = f"rostra:join:{kind}:{keys[kind]}"
        cache.add(key, 0, window)
        if cache.incr(key) > limit:
            return False
    return True


def submit(page, data, request):
    site = page.get_site()
    person, _created = api.find_or_create(
        email=data["email"],
        site=site,
        source=api.Source(SourceKind.PAGE, page.get_full_url(request) or ""),
        first_name=data["first_name"],
        last_name=data["last_name"],
        postcode=data["postcode"],
        phone=data.get("phone") or "",
    )
    join = page.requests.create(
        email=data["email"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        postcode=data["postcode"],
        phone=data.get("phone") or "",
        language=(get_language() or "fr")[:8],
        consent_wording=page.wording(),
        token=secrets.token_urlsafe(32),
    )
    send(
        "join_confirm",
        to=join.email,
        person=person,
        site=site,
        language=join.language,
        context={
            "first_name": join.first_name,
            "page_title": page.title,
            "confirm_url": confirm_url(page, join, request),
            "days": CONFIRM_DAYS,
        },
    )
    return join


def confirm_url(page, join, request=None):
    # The page's address ends with "/"; the route is relative to it.
    return page.get_full_url(request) + page.reverse_subpage("confirm", args=[join.pk, join.token])


def find(page, request_id, token):
    """The pending request a link names, or None (unknown, tampered, expired)."""
    if not 0 < request_id < 2**63:  # a made-up id the database could not even compare
        return None
    join = page.requests.filter(pk=request_id).first()
    if join is None or not hmac.compare_digest(join.token.encode(), token.encode()):
        return None
    if join.confirmed_at is None and _expired(join):
        return None
    return join


def _expired(join):
    return timezone.now() - join.created_at > datetime.timedelta(days=CONFIRM_DAYS)


def confirm_view(page, request, request_id, token):
    join = find(page, request_id, token)
    state = "invalid" if join is None else "ask"
    if join is not None and join.confirmed_at is not None:
        state = "confirmed"
    elif join is not None and request.method == "POST":
        confirm(page, join, request)
        state = "confirmed"
    response = TemplateResponse(
        request, "pages/join_confirm.html", {**page.get_context(request), "state": state}
    )
    if state == "invalid":
        response.status_code = 404
    return response


def confirm(page, join, request):
    """Confirm once (a conditional UPDATE: a double click changes nothing).
    Returns True if this call confirmed it."""
    now = timezone.now()
    blanked = dict.fromkeys(("email", "first_name", "last_name", "postcode", "phone"), "")
    with transaction.atomic():
        rows = type(join).objects.filter(pk=join.pk, confirmed_at__isnull=True)
        if not rows.update(confirmed_at=now, **blanked):
            return False
        site = page.get_site()
        details = {
            "first_name": join.first_name,
            "last_name": join.last_name,
            "postcode": join.postcode,
        }
        if join.phone:
            details["phone"] = join.phone
        person = api.find(join.email)
        if person is None:  # erased since the form was sent: the confirmed address joins afresh
            person, _created = api.find_or_create(
                email=join.email, site=site, proof=api.Proof.EMAIL_CONFIRMED, **details
            )
        else:
            api.confirm_details(person, proof=api.Proof.EMAIL_CONFIRMED, site=site, **details)
        api.record_consent(
            person,
            purpose="newsletter",
            channel="email",
            granted=True,
            wording=join.consent_wording,
            where_detail=page.get_full_url(request) or "",
            site=site,
            request=request,
            when=now,
        )
        api.add_to_timeline(
            person,
            kind=TimelineEntry.Kind.SIGNUP,
            message=JOINED,
            params={"title": page.title},
            site=site,
        )
    return True
