"""The canvasser's phone: their walk lists, one walk list's doors, the sync of
what was recorded offline, and the service worker that keeps the pages."""

import functools
import json

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Site
from wagtail.users.models import UserProfile

from rostra_targeting import canvassing
from rostra_targeting.models import DoorVisit, WalkList
from rostra_targeting.scope import in_territory


def canvasser_page(view):
    """Signed in, with the permission, in the language the user chose for the admin."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("targeting.add_doorvisit"):
            raise PermissionDenied
        language = UserProfile.get_for_user(request.user).get_preferred_language()
        with translation.override(language):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return response

    return login_required(wrapped)


def _walk_lists(user):
    return in_territory(user, WalkList.objects.select_related("electoral_list"))


@canvasser_page
def walk_lists(request):
    return TemplateResponse(
        request, "targeting/canvass/index.html", {"walk_lists": _walk_lists(request.user)[:200]}
    )


@canvasser_page
def walk(request, pk):
    walk_list = get_object_or_404(_walk_lists(request.user), pk=pk)
    return TemplateResponse(
        request,
        "targeting/canvass/walk.html",
        {
            "walk_list": walk_list,
            "streets": canvassing.addresses(walk_list),
            "outcomes": DoorVisit.Outcome.choices,
            "wording": _(canvassing.CONSENT_WORDING),
        },
    )


@require_POST
@canvasser_page
def sync(request):
    try:
        entries = json.loads(request.body)["visits"]
        if not isinstance(entries, list):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("a door record is malformed")}, status=400)
    allowed = {w.pk: w for w in _walk_lists(request.user)}
    try:
        stored = canvassing.sync(
            entries, request.user, walk_lists=allowed, site=Site.find_for_request(request)
        )
    except canvassing.SyncError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"stored": stored, "received": len(entries)})


def service_worker(request):
    """Served from /_targeting/canvass/ so that it may keep the pages under it."""
    with open(finders.find("targeting/canvass-sw.js"), "rb") as handle:
        response = HttpResponse(handle.read(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response
