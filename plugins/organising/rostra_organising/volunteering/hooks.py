"""Admin wiring of volunteering (imported by the plugin's wagtail_hooks): a
"Volunteering" menu."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from rostra_organising.volunteering import admin, staffing
from rostra_organising.volunteering.models import Shift, Volunteer

register_permission_policy(Volunteer, admin.VolunteerPermissionPolicy(Volunteer))
register_permission_policy(Shift, admin.ShiftPermissionPolicy(Shift))
volunteer_viewset = admin.VolunteerViewSet()
shift_viewset = admin.ShiftViewSet()


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [volunteer_viewset, shift_viewset]


staffing_urls = [
    path("", staffing.index, name="index"),
    path("commune/<str:commune_code>/", staffing.commune, name="commune"),
    path("station/<str:code>/assign/", staffing.assign, name="assign"),
    path("recruit/<int:pk>/remove/", staffing.remove, name="remove"),
    path("upload/", staffing.upload, name="upload"),
    path("export/<str:fmt>/", staffing.export, name="export"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "organising/staffing/",
            include((staffing_urls, "organising_staffing"), namespace="organising_staffing"),
        )
    ]


class _StaffingItem(MenuItem):
    def is_shown(self, request):
        return staffing.can_view(request.user)


class _VolunteersItem(MenuItem):
    def is_shown(self, request):
        return volunteer_viewset.permission_policy.user_has_permission(request.user, "view")


class _ShiftsItem(MenuItem):
    def is_shown(self, request):
        return shift_viewset.permission_policy.user_has_permission(request.user, "view")


def menu_items():
    return [
        _VolunteersItem(
            _("Volunteers"),
            reverse("organising_volunteers:index"),
            icon_name="group",
            order=100,
        ),
        _StaffingItem(
            _("Polling stations"),
            reverse("organising_staffing:index"),
            icon_name="clipboard-list",
            order=300,
        ),
        _ShiftsItem(_("Shifts"), reverse("organising_shifts:index"), icon_name="time", order=200),
    ]


@hooks.register("register_admin_menu_item")
def register_menu():
    menu = Menu(items=menu_items())
    return SubmenuMenuItem(_("Volunteering"), menu, icon_name="group", order=260)
