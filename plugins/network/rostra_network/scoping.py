"""What a candidate's team sees: the answers this plugin gives to the core's
scoping hooks. National staff (superusers, or anyone outside a candidate team)
are not narrowed."""

from django.db.models import Q
from rostra.people import api
from rostra.people.models import TimelineEntry

from rostra_network.models import CandidateSite


def candidate_sites_of(user):
    """The candidate sites whose team the user belongs to (cached on the user)."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return []
    if not hasattr(user, "_network_candidate_sites"):
        user._network_candidate_sites = list(
            CandidateSite.objects.filter(group__user=user)
            .select_related("site__root_page")
            .only(
                "pk",
                "site",
                "group_id",
                "constituency",
                "communes",
                "departements",
                "site__root_page__path",
            )
        )
    return user._network_candidate_sites


def is_candidate(user):
    return bool(candidate_sites_of(user))


def people_for_user(user, queryset):
    """Supporters in the candidate's territory, or who acted on their site."""
    candidates = candidate_sites_of(user)
    if not candidates:
        return queryset
    condition = Q(pk__in=[])
    for candidate in candidates:
        in_place = api.in_territory(
            queryset.model.objects.all(),
            communes=candidate.communes,
            departements=candidate.departements,
            constituencies=[candidate.constituency] if candidate.constituency else [],
        )
        condition |= Q(pk__in=in_place.values("pk"))
        condition |= Q(source_site=candidate.site_id)
        condition |= Q(
            pk__in=TimelineEntry.objects.filter(site=candidate.site_id).values("person_id")
        )
    return queryset.filter(condition)


def areas_for_user(user):
    """A team works in its candidate's territory."""
    from rostra.scoping import Area

    candidates = candidate_sites_of(user)
    if not candidates:
        return None
    return [
        Area(
            communes=tuple(candidate.communes),
            departements=tuple(candidate.departements),
            constituencies=(candidate.constituency,) if candidate.constituency else (),
        )
        for candidate in candidates
    ]


def site_ids_for_user(user):
    """A team reads the history its supporters made on its own sites only."""
    candidates = candidate_sites_of(user)
    if not candidates:
        return None
    return [candidate.site_id for candidate in candidates]


def segments_for_user(user, queryset):
    """A team's saved segments: those its own members saved."""
    candidates = candidate_sites_of(user)
    if not candidates:
        return queryset
    return queryset.filter(created_by__groups__in=[c.group_id for c in candidates]).distinct()


# Admin views that span every site and cannot be narrowed to one: national
# staff only. (Each candidate still has their own pages' history, usage and
# the explorer of their tree.)
NATIONAL_ONLY_VIEWS = frozenset(
    {
        "wagtailadmin_reports:site_history",
        "wagtailadmin_reports:site_history_results",
        "wagtailadmin_reports:page_types_usage",
        "wagtailadmin_reports:page_types_usage_results",
        "wagtailadmin_reports:aging_pages",
        "wagtailadmin_reports:aging_pages_results",
        "wagtailadmin_reports:workflow",
        "wagtailadmin_reports:workflow_results",
        "wagtailadmin_reports:workflow_tasks",
        "wagtailadmin_reports:workflow_tasks_results",
        "wagtailadmin_pages:type_use",
        "wagtailadmin_pages:type_use_results",
        "wagtailadmin_api:images:listing",
        "wagtailadmin_api:images:detail",
        "wagtailadmin_api:documents:listing",
        "wagtailadmin_api:documents:detail",
        "wagtailforms:index",
        "wagtailforms:index_results",
    }
)


PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")
PAGE_NAMESPACES = ("wagtailadmin_pages", "wagtailadmin_api:pages")
# Views where a candidate may open national pages too (to link to them).
CHOOSER_VIEWS = ("wagtailadmin_choose_page_child",)


def refuses_admin_view(request, view_name):
    candidates = candidate_sites_of(request.user)
    if not candidates:
        return False
    if view_name in NATIONAL_ONLY_VIEWS:
        return True
    arguments = request.resolver_match.kwargs
    page_ids = [arguments[name] for name in PAGE_ARGUMENTS if name in arguments]
    if "pk" in arguments and view_name.startswith(PAGE_NAMESPACES):
        page_ids.append(arguments["pk"])
    # A page outside the team's tree is refused before the view even names it.
    return any(not _page_is_theirs(page_id, candidates, view_name) for page_id in page_ids)


def _page_is_theirs(page_id, candidates, view_name):
    from wagtail.models import Page, Site

    # The tree's root holds no content; Wagtail sends editors back to it after
    # publishing (its explorer then shows the team's own tree).
    allowed = Q(depth=1)
    for candidate in candidates:
        allowed |= Q(path__startswith=candidate.site.root_page.path)
    if view_name in CHOOSER_VIEWS:
        national = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if national is not None:
            allowed |= Q(path__startswith=national.root_page.path)
    return Page.objects.filter(allowed, pk=page_id).exists()


def page_chooser_pages(pages, request):
    """A candidate links to their own pages and the national site's, not to
    another candidate's."""
    candidates = candidate_sites_of(request.user)
    if not candidates:
        return pages
    from wagtail.models import Site

    allowed = Q(depth=1)
    for candidate in candidates:
        allowed |= Q(path__startswith=candidate.site.root_page.path)
    national = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if national is not None:
        allowed |= Q(path__startswith=national.root_page.path)
    return pages.filter(allowed)


def limit_page_listing_filters():
    """Wagtail's page listing offers every site, owner and editor as filters;
    for a candidate's team, only their own site and their team's members (the
    filters would otherwise name every other candidate, and render 577 boxes)."""
    from wagtail.admin.views.pages import listing

    for filterset in (listing.PageFilterSet, listing.GenericPageFilterSet):
        for filters in (filterset.base_filters, filterset.declared_filters):
            for name in ("site", "owner", "edited_by"):
                if name in filters and not getattr(filters[name], "_network_scoped", False):
                    filters[name].queryset = _scoped_choices(name, filters[name].queryset)
                    filters[name]._network_scoped = True


def _scoped_choices(name, original):
    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    def choices(request):
        queryset = original(request) if callable(original) else original
        user = getattr(request, "user", None)
        candidates = candidate_sites_of(user) if user is not None else []
        if not candidates:
            return queryset
        if name == "site":
            return Site.objects.filter(pk__in=[c.site_id for c in candidates])
        team = get_user_model().objects.filter(groups__in=[c.group_id for c in candidates])
        return queryset.filter(pk__in=team.values("pk"))

    return choices
