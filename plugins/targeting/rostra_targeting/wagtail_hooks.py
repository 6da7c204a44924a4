"""Admin wiring: a "Targeting" menu with the results imports and the tables
the party edits."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from rostra_targeting.admin import access, imports, lists, strategies, tables, walks

bloc_viewset = tables.BlocViewSet("targeting_blocs")
nuance_viewset = tables.NuanceViewSet("targeting_nuances")
election_viewset = tables.ElectionViewSet("targeting_elections")
strategy_viewset = strategies.StrategyViewSet("targeting_strategies")


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [bloc_viewset, nuance_viewset, election_viewset, strategy_viewset]


admin_urls = [
    path("imports/", imports.index, name="imports"),
    path("imports/<int:pk>/", imports.job_view, name="import"),
    path("register/", imports.register_index, name="register"),
    path("outlines/", imports.outlines_index, name="outlines"),
    path("strategies/<int:pk>/", strategies.ranking, name="ranking"),
    path("strategies/<int:pk>/stations/<str:code>/", strategies.station, name="station"),
    path("strategies/<int:pk>/export.<str:fmt>", strategies.export, name="export"),
    path("indicators/", strategies.indicators_upload, name="indicators"),
    path("strategies/<int:pk>/walk-lists/", walks.make, name="walk_lists"),
    path(
        "strategies/<int:pk>/stations/<str:code>/walk-list.pdf",
        walks.station_pdf,
        name="station_walk_list",
    ),
    path("walk-lists/<int:pk>.pdf", walks.walk_list_pdf, name="walk_list_pdf"),
    path("lists/", lists.index, name="lists"),
    path("lists/<int:pk>/", lists.detail, name="list"),
    path("lists/<int:pk>/export.csv", lists.export, name="list_export"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("targeting/", include((admin_urls, "targeting_admin"), namespace="targeting_admin"))
    ]


class _Item(MenuItem):
    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(request.user)


@hooks.register("register_admin_menu_item")
def register_menu():
    items = [
        _Item(
            _("Strategies"),
            reverse("targeting_strategies:index"),
            icon_name="list-ol",
            order=50,
            check=access.can_see_scores,
        ),
        _Item(
            _("Election results"),
            reverse("targeting_admin:imports"),
            icon_name="upload",
            order=100,
            check=access.can_import,
        ),
        _Item(
            _("Register of addresses"),
            reverse("targeting_admin:register"),
            icon_name="home",
            order=110,
            check=access.can_import,
        ),
        _Item(
            _("Outlines"),
            reverse("targeting_admin:outlines"),
            icon_name="site",
            order=115,
            check=access.can_import,
        ),
        _Item(
            _("Electoral lists"),
            reverse("targeting_admin:lists"),
            icon_name="lock",
            order=120,
            check=lists.can_use_lists,
        ),
        _Item(
            _("INSEE indicators"),
            reverse("targeting_admin:indicators"),
            icon_name="table",
            order=150,
            check=lambda user: user.has_perm("targeting.add_indicatorset"),
        ),
        _Item(
            _("Nuances and blocs"),
            reverse("targeting_nuances:index"),
            icon_name="tag",
            order=200,
            check=lambda user: user.has_perm("targeting.view_nuancebloc"),
        ),
        _Item(
            _("Blocs"),
            reverse("targeting_blocs:index"),
            icon_name="group",
            order=210,
            check=lambda user: user.has_perm("targeting.view_bloc"),
        ),
        _Item(
            _("Elections"),
            reverse("targeting_elections:index"),
            icon_name="date",
            order=220,
            check=lambda user: user.has_perm("targeting.view_election"),
        ),
    ]
    return SubmenuMenuItem(_("Targeting"), Menu(items=items), icon_name="list-ol", order=330)


@hooks.register("register_permissions")
def register_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="targeting")
