"""Scoping hooks: how a plugin (the candidate network) narrows what an admin
user sees, without the core or other plugins importing it.

Wagtail hooks a plugin may register:

- ``people_queryset_for_user(user, queryset)``: the people the user may see
  (rostra.people.permissions.scoped_people);
- ``saved_segments_for_user(user, queryset)``: the saved segments listed;
- ``people_masking_for_user(user)``: True when personal fields outside what
  the person consented to are masked for this user (rostra.people.masking);
- ``admin_view_refused(request, view_name)``: True refuses an admin view to
  the user (reports that span every site and cannot be narrowed);
- ``site_ids_for_user(user)``: the ids of the sites whose history the user may
  read on a person's page (timeline, consent ledger, source), or None for all;
- ``areas_for_user(user)``: the territories (``Area``) a user works in, or None
  when nothing narrows them; data by place (polling stations) is narrowed to them.
"""

from dataclasses import dataclass

from django.db.models import Q
from wagtail import hooks


def narrow(hook_name, user, queryset):
    for scope in hooks.get_hooks(hook_name):
        queryset = scope(user, queryset)
    return queryset


def any_says(hook_name, *args):
    return any(answer(*args) for answer in hooks.get_hooks(hook_name))


def site_ids_for(user):
    """The sites a user may see activity of, or None when nothing narrows it."""
    allowed = None
    for answer in hooks.get_hooks("site_ids_for_user"):
        ids = answer(user)
        if ids is not None:
            allowed = set(ids) if allowed is None else allowed & set(ids)
    return allowed


@dataclass(frozen=True)
class Area:
    """A territory: INSEE commune codes, département codes, the party's constituency codes."""

    communes: tuple = ()
    departements: tuple = ()
    constituencies: tuple = ()


def areas_for(user):
    """One list of Areas per hook that narrows the user (a place must be in one
    Area of each list), or None when nothing narrows them."""
    answers = [answer(user) for answer in hooks.get_hooks("areas_for_user")]
    answers = [list(areas) for areas in answers if areas is not None]
    return answers or None


def commune_allowed(user, commune_code):
    """Whether an INSEE commune code is in the user's territory (every
    narrowing hook's answer has an Area holding it); True for national staff."""
    narrowing = areas_for(user)
    if narrowing is None or user.is_superuser:
        return True
    from rostra.people.models import ConstituencyArea

    constituencies = set(
        ConstituencyArea.objects.filter(code=commune_code).values_list(
            "constituency__code", flat=True
        )
    )
    return all(
        any(
            commune_code in area.communes
            or commune_code.startswith(tuple(area.departements) or ("\0",))
            or constituencies & set(area.constituencies)
            for area in areas
        )
        for areas in narrowing
    )


def on_visible_sites(user, queryset):
    """Rows of a person's history recorded on a site the user may see, or on no site."""
    allowed = site_ids_for(user)
    if allowed is None:
        return queryset
    return queryset.filter(Q(site__isnull=True) | Q(site__in=allowed))


class AdminViewScopeMiddleware:
    """Asks ``admin_view_refused`` before any admin view runs. A refusal is
    Wagtail's own (back to the dashboard, "you do not have permission"), not a
    bare "403 Forbidden": the middleware runs outside the admin's views, where
    Wagtail turns PermissionDenied into that page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_superuser:
            return None
        match = request.resolver_match
        if match is None or not match.route.startswith("admin/"):
            return None
        if any_says("admin_view_refused", request, match.view_name):
            from wagtail.admin.auth import permission_denied
            from wagtail.admin.localization import get_localized_response

            # In the user's admin language; a background request gets a plain 403.
            return get_localized_response(permission_denied, request)
        return None
