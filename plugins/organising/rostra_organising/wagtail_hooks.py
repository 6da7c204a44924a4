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


@hooks.register("mailing_card")
def event_card(page):
    """What a mailing's event card shows of an event: when and where, and the
    RSVP button. A plugin that writes mailings asks every ``mailing_card``
    hook; none imports the other."""
    from django.utils import formats, timezone
    from django.utils.translation import gettext

    from rostra_organising.events.models import EventPage

    if not isinstance(page, EventPage):
        return None
    when = formats.date_format(timezone.localtime(page.starts_at), "DATETIME_FORMAT")
    where = gettext("Online") if page.online else ", ".join(p for p in (page.venue, page.town) if p)
    return {
        "title": page.title,
        "text": f"{when} — {where}" if where else when,
        "figure": "",
        "button": gettext("I'm coming"),
        "kind": "event",
    }
