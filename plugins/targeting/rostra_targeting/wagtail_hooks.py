"""Admin wiring: a "Targeting" menu with the results imports and the tables
the party edits."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from rostra_targeting.admin import access, imports, tables

bloc_viewset = tables.BlocViewSet("targeting_blocs")
nuance_viewset = tables.NuanceViewSet("targeting_nuances")
election_viewset = tables.ElectionViewSet("targeting_elections")


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [bloc_viewset, nuance_viewset, election_viewset]


admin_urls = [
    path("imports/", imports.index, name="imports"),
    path("imports/<int:pk>/", imports.job_view, name="import"),
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
            _("Election results"),
            reverse("targeting_admin:imports"),
            icon_name="upload",
            order=100,
            check=access.can_import,
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
