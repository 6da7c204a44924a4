"""The organiser's lists as Wagtail's own index views (sortable columns,
search, pages of results): the groups they organise, and a group's members,
masked as a candidate's team sees supporters (rostra_organising.contacts).

An organiser sees the groups they organise only (superusers every group);
another group's members are refused with Wagtail's permission-denied answer."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets.button import HeaderButton

from rostra_organising import contacts
from rostra_organising.groups.admin_views import live_members, organised_groups
from rostra_organising.groups.models import GroupPage, Membership

PER_PAGE = 50


class GroupIndexView(IndexView):
    model = GroupPage
    page_title = _("Groups I organise")
    header_icon = "group"
    index_url_name = "organising_groups"
    index_results_url_name = "organising_groups_results"
    default_ordering = "title"
    paginate_by = PER_PAGE
    # Not the model's permissions: an organiser sees the groups they organise.
    any_permission_required = None
    # The database's search, on the organiser's own groups (the page index's
    # search cannot take the members' count).
    is_searchable = True
    search_fields = ["title", "town"]
    search_backend_name = None

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Group"),
                sort_key="title",
                get_url=lambda group: reverse("organising_group_members", args=[group.pk]),
            ),
            Column("town", label=_("Town"), sort_key="town"),
            Column("members", label=_("Members"), sort_key="members"),
        ]

    def get_base_queryset(self):
        return organised_groups(self.request.user).annotate(
            members=Count("memberships", filter=Q(memberships__left_at__isnull=True))
        )


class MemberIndexView(IndexView):
    model = Membership
    page_title = _("Members")
    header_icon = "group"
    index_url_name = "organising_group_members"
    index_results_url_name = "organising_group_members_results"
    default_ordering = ["last_name", "first_name", "pk"]
    paginate_by = PER_PAGE
    # Not the model's permissions: the group's organisers (dispatch).
    any_permission_required = None
    is_searchable = True
    # Names only: a masked address must not be found by searching it.
    search_fields = ["first_name", "last_name", "postcode"]
    search_backend_name = None

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.group = get_object_or_404(GroupPage, pk=pk)

    def dispatch(self, request, *args, **kwargs):
        if not organised_groups(request.user).filter(pk=self.group.pk).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.group.title

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.group.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.group.pk])

    def get_base_queryset(self):
        return live_members(self.group)

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Write to the members"),
                url=reverse("organising_group_message", args=[self.group.pk]),
                icon_name="mail",
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        channels = contacts.channels_of({row.person_id for row in rows})
        # What the columns show of each row of this page (one query for all).
        self.shown = {row.pk: contacts.masked(row, channels[row.person_id]) for row in rows}
        return context

    def _shown(self, key):
        return lambda row: self.shown[row.pk][key]

    @cached_property
    def columns(self):
        return [
            Column(
                "last_name", label=_("Name"), sort_key="last_name", accessor=self._shown("name")
            ),
            Column("postcode", label=_("Postcode"), sort_key="postcode"),
            Column("email", label=_("Email"), accessor=self._shown("email")),
            Column("phone", label=_("Phone"), accessor=self._shown("phone")),
            Column("joined_at", label=_("Joined"), sort_key="joined_at"),
        ]
