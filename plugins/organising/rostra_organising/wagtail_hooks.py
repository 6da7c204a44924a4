"""Admin entry points: the host's list of the events they host, each with its
check-in page and its RSVP counts (a host sees only their own events)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from rostra_organising.events import hosting


class _HostedItem(MenuItem):
    def is_shown(self, request):
        return hosting.hosted_events(request.user).exists()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("organising/hosted/", hosting.hosted, name="organising_hosted")]


@hooks.register("register_admin_menu_item")
def register_menu():
    return _HostedItem(
        _("Events I host"), reverse("organising_hosted"), icon_name="date", order=250
    )


@hooks.register("register_osdi_resources")
def osdi_resources():
    """Events and attendances, served by the API plugin if it is installed."""
    from rostra_organising import osdi

    return osdi.resources()


from rostra_organising.volunteering import hooks as volunteering_hooks  # noqa: E402, F401
