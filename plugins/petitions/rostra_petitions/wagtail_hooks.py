"""Admin wiring: a "Petitions" menu with the petitions overview, signatures,
trending, invalidation and the allow/block lists."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from rostra_petitions.admin import abuse, dashboard, home, signatures
from rostra_petitions.admin.access import can_manage_abuse

register_permission_policy(
    signatures.Signature, signatures.SignaturePermissionPolicy(signatures.Signature)
)
signature_viewset = signatures.SignatureViewSet()
rule_viewset = abuse.AbuseRuleViewSet()


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [signature_viewset, rule_viewset]


admin_urls = [
    path("", dashboard.index, name="index"),
    path("<int:petition_id>/", dashboard.petition, name="petition"),
    path("<int:petition_id>/switch/<slug:action>/", dashboard.switch, name="switch"),
    path("<int:petition_id>/paper/", dashboard.paper_import, name="paper_import"),
    path("<int:petition_id>/paper/<int:batch_id>/", dashboard.paper_batch, name="paper_batch"),
    path("trending/", abuse.trending, name="trending"),
    path("invalidate/", abuse.invalidate, name="invalidate"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("petitions/", include((admin_urls, "petitions_admin"), namespace="petitions_admin"))
    ]


class _AbuseItem(MenuItem):
    def is_shown(self, request):
        return can_manage_abuse(request.user)


class _SignaturesItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or request.user.has_perm("petitions.view_signature")


@hooks.register("register_admin_menu_item")
def register_menu():
    items = [
        MenuItem(
            _("Petitions"),
            reverse("petitions_admin:index"),
            icon_name="doc-full-inverse",
            order=100,
        ),
        _SignaturesItem(
            _("Signatures"), reverse("petitions_signatures:index"), icon_name="list-ul", order=200
        ),
        _AbuseItem(
            _("Trending (last hour)"),
            reverse("petitions_admin:trending"),
            icon_name="warning",
            order=300,
        ),
        _AbuseItem(
            _("Invalidate signatures"),
            reverse("petitions_admin:invalidate"),
            icon_name="bin",
            order=400,
        ),
        _AbuseItem(
            _("Allow and block lists"),
            reverse("petitions_rules:index"),
            icon_name="lock",
            order=500,
        ),
    ]
    return SubmenuMenuItem(
        _("Petitions"), Menu(items=items), icon_name="doc-full-inverse", order=250
    )


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="petitions",
        codename__in=["view_signature", "change_abuserule", "add_abuserule", "delete_abuserule"],
    )


hooks.register("construct_homepage_panels", home.homepage_panels)


@hooks.register("mailing_card")
def petition_card(page):
    """What a page card in a mailing shows of a petition: its live count. (A
    plugin that writes mailings asks every ``mailing_card`` hook; none imports
    the other.)"""
    from django.contrib.humanize.templatetags.humanize import intcomma

    from rostra_petitions.models import PetitionPage

    if not isinstance(page, PetitionPage):
        return None
    count = intcomma(page.state.total)
    return {
        "title": page.title,
        "text": page.intro,
        "figure": f"{count} {_('signatures')}",
        "button": _("Sign"),
    }


@hooks.register("register_osdi_resources")
def osdi_resources():
    """Petitions and signatures, served by the API plugin if it is installed."""
    from rostra_petitions import osdi

    return osdi.resources()
