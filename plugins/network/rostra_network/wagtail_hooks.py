"""Admin wiring: the candidate sites screens for national staff, and the
scoping answers that keep each candidate's team to their own site."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from rostra_network import branding, dashboard, scoping, views
from rostra_network.syndication_admin import SyndicationViewSet

pushes = SyndicationViewSet()


@hooks.register("register_admin_viewset")
def register_viewsets():
    return pushes


admin_urls = [
    path("", views.CandidateSiteIndexView.as_view(), name="index"),
    path(
        "results/",
        views.CandidateSiteIndexView.as_view(results_only=True),
        name="index_results",
    ),
    path("provision/", views.provision, name="provision"),
    path("provision/communes/", views.communes, name="communes"),
    path("provision/departements/", views.departements, name="departements"),
    path("bulk/", views.bulk, name="bulk"),
    path("bulk/<int:pk>/", views.batch, name="batch"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("network/", include((admin_urls, "network_admin"), namespace="network_admin"))]


class _NationalItem(MenuItem):
    def is_shown(self, request):
        return views.can_provision(request.user)


@hooks.register("register_admin_menu_item")
def register_menu():
    return _NationalItem(
        _("Candidate sites"), reverse("network_admin:index"), icon_name="site", order=260
    )


hooks.register("people_queryset_for_user", scoping.people_for_user)
hooks.register("saved_segments_for_user", scoping.segments_for_user)
hooks.register("people_masking_for_user", scoping.is_candidate)
hooks.register("site_ids_for_user", scoping.site_ids_for_user)
hooks.register("areas_for_user", scoping.areas_for_user)
hooks.register("admin_view_refused", scoping.refuses_admin_view)
hooks.register("construct_page_chooser_queryset", scoping.page_chooser_pages)
hooks.register("construct_homepage_panels", dashboard.homepage_panels)
hooks.register("site_identity", branding.identity)
