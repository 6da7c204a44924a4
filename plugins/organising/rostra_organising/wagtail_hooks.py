"""Admin entry points: the host's list of the events they host, each with its
check-in page and its RSVP counts (a host sees only their own events); the
organiser's groups, their members and a message to them (an organiser sees
only their own groups); the events supporters propose, for the moderators of
the site they were proposed on."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from rostra_organising.events import hosting, proposals_admin, proposing
from rostra_organising.groups import admin_views as groups
from rostra_organising.groups.admin_index import GroupIndexView, MemberIndexView

register_permission_policy(
    proposals_admin.EventProposal,
    proposals_admin.ProposalPermissionPolicy(proposals_admin.EventProposal),
)
proposal_viewset = proposals_admin.ProposalViewSet()


class _HostedItem(MenuItem):
    def is_shown(self, request):
        return hosting.hosted_events(request.user).exists()


class _ProposalsItem(MenuItem):
    def is_shown(self, request):
        return proposal_viewset.permission_policy.user_has_permission(request.user, "view")


class _GroupsItem(MenuItem):
    def is_shown(self, request):
        return groups.organised_groups(request.user).exists()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("organising/hosted/", hosting.hosted, name="organising_hosted"),
        path("organising/groups/", GroupIndexView.as_view(), name="organising_groups"),
        path(
            "organising/groups/results/",
            GroupIndexView.as_view(results_only=True),
            name="organising_groups_results",
        ),
        path(
            "organising/groups/<int:pk>/",
            MemberIndexView.as_view(),
            name="organising_group_members",
        ),
        path(
            "organising/groups/<int:pk>/results/",
            MemberIndexView.as_view(results_only=True),
            name="organising_group_members_results",
        ),
        path(
            "organising/groups/<int:pk>/message/",
            groups.message,
            name="organising_group_message",
        ),
        path("organising/proposals/<int:pk>/", proposing.review, name="organising_proposal"),
    ]


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


@hooks.register("register_admin_menu_item")
def register_groups_menu():
    return _GroupsItem(
        _("Groups I organise"), reverse("organising_groups"), icon_name="group", order=251
    )


@hooks.register("register_admin_viewset")
def register_proposal_viewset():
    return proposal_viewset


@hooks.register("register_admin_menu_item")
def register_proposals_menu():
    return _ProposalsItem(
        _("Proposed events"), reverse("organising_proposals:index"), icon_name="help", order=252
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
