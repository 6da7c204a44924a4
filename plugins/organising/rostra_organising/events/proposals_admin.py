"""The moderators' list of supporter-proposed events, as Wagtail's own index
(filters drawer, sortable columns, pagination, its permission-denied page).

A user sees the proposals made on a listing under which they may add and
publish pages (Wagtail's page permissions: a candidate's team its own site's
listing); superusers every one. The list is read only: a proposal is decided on
its review page (``proposing.review``), never added or edited here."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from rostra_organising.events.models import EventIndexPage, EventKind
from rostra_organising.events.proposals import EventProposal


def moderated_listing_ids(user):
    """The listings whose proposals the user decides on; None: all of them."""
    if user.is_superuser:
        return None
    cached = getattr(user, "_organising_moderated_listings", None)
    if cached is None:
        cached = [
            listing.pk
            for listing in EventIndexPage.objects.all()
            if (permissions := listing.permissions_for_user(user)).can_add_subpage()
            and permissions.can_publish_subpage()
        ]
        user._organising_moderated_listings = cached  # once per request
    return cached


def moderated_proposals(user):
    rows = EventProposal.objects.select_related("listing")
    ids = moderated_listing_ids(user)
    return rows if ids is None else rows.filter(listing_id__in=ids)


class ProposalPermissionPolicy(ModelPermissionPolicy):
    """Viewing only, for a user who moderates at least one listing."""

    def user_has_permission(self, user, action):
        if action != "view" or not user.is_active:
            return False
        return user.is_superuser or bool(moderated_listing_ids(user))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and moderated_proposals(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return EventProposal.objects.none()
        return moderated_proposals(user)


class ProposalFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=EventProposal.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("type"), choices=EventKind.choices)
    listing = django_filters.ModelChoiceFilter(
        label=_("proposed on"), queryset=EventIndexPage.objects.none()
    )

    class Meta:
        model = EventProposal
        fields = ["status", "kind", "listing", "starts_at", "created_at"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # Only the listings the user moderates are offered.
        listings = EventIndexPage.objects.order_by("title")
        ids = moderated_listing_ids(request.user) if request is not None else []
        if ids is not None:
            listings = listings.filter(pk__in=ids)
        self.filters["listing"].queryset = listings


class ProposalIndexView(IndexView):
    # Descending, "pending" comes before "declined" and "approved".
    default_ordering = ["-status", "-created_at"]

    def get_base_queryset(self):
        return moderated_proposals(self.request.user)

    def get_edit_url(self, instance):
        # The title leads to the proposal's review: approve or decline.
        return reverse("organising_proposal", args=[instance.pk])

    def get_list_buttons(self, instance):
        return []


class ProposalViewSet(ModelViewSet):
    model = EventProposal
    icon = "help"
    menu_label = _("Proposed events")
    name = "organising_proposals"
    url_prefix = "organising/proposals"
    index_view_class = ProposalIndexView
    list_display = ["title", "listing", "kind", "starts_at", "town", "status", "created_at"]
    filterset_class = ProposalFilterSet
    # Not the host's contact fields.
    search_fields = ["title", "town", "intro"]
    exclude_form_fields = []
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_admin_menu = False
