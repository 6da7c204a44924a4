"""The admin's volunteers (a list with filters by task, availability and
territory, narrowed to the people the user may see and masked as the people
list is), and shifts (each site's own, with their sign-ups)."""

import django_filters
from django.contrib.admin.utils import unquote
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rostra import scoping
from rostra.people import masking
from rostra.people.models import ConsentState, Person
from rostra.people.permissions import scoped_people
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy

from rostra_organising.volunteering.models import Availability, Shift, Task, Volunteer

# The contact fields of an offer, and the consent channels that show them.
MASKED = {"email": ("email",), "phone": ("phone",)}


def volunteers_for(user):
    """The offers of people the user may see (a candidate's team: its territory)."""
    people = scoped_people(user, Person.objects.filter(erased_at__isnull=True))
    return Volunteer.objects.filter(person__in=people.values("pk"))


class VolunteerPermissionPolicy(ModelPermissionPolicy):
    """Offers are read, never added or edited by hand."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return user.is_active and (user.is_superuser or super().user_has_permission(user, "view"))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and volunteers_for(user).filter(pk=instance.pk).exists()
        )


def _with_consents(queryset):
    return queryset.annotate(
        **{
            f"{field}_consented": Exists(
                ConsentState.objects.filter(
                    person=OuterRef("person"), channel__in=channels, granted=True
                )
            )
            for field, channels in MASKED.items()
        }
    )


def _masked(field):
    def accessor(volunteer):
        value = getattr(volunteer, field)
        if value and not getattr(volunteer, f"{field}_consented", True):
            return masking.MASK
        return value

    return accessor


class VolunteerIndexView(IndexView):
    default_ordering = "-created_at"

    @cached_property
    def masked(self):
        return masking.applies(self.request.user)

    def get_base_queryset(self):
        queryset = volunteers_for(self.request.user).select_related("site")
        return _with_consents(queryset) if self.masked else queryset

    @cached_property
    def columns(self):
        columns = super().columns
        if not self.masked:
            return columns
        return [
            Column(column.name, label=column.label, accessor=_masked(column.name))
            if column.name in MASKED
            else column
            for column in columns
        ]


class VolunteerInspectView(InspectView):
    def get_object(self, queryset=None):
        queryset = volunteers_for(self.request.user)
        if masking.applies(self.request.user):
            queryset = _with_consents(queryset)
        return get_object_or_404(queryset, pk=unquote(str(self.pk)))

    def get_field_display_value(self, field_name, field):
        if field_name in MASKED and masking.applies(self.request.user):
            value = _masked(field_name)(self.object)
            if value == masking.MASK:
                return value
        return super().get_field_display_value(field_name, field)


def _departements_of(user):
    codes = (
        volunteers_for(user)
        .exclude(departement_code="")
        .values_list("departement_code", flat=True)
        .distinct()
        .order_by("departement_code")
    )
    return [(code, code) for code in codes]


class VolunteerFilterSet(WagtailFilterSet):
    task = django_filters.ChoiceFilter(label=_("task"), choices=Task.choices, method="packed")
    available = django_filters.ChoiceFilter(
        label=_("availability"), choices=Availability.choices, method="packed"
    )
    departement_code = django_filters.ChoiceFilter(label=_("département"))
    commune_code = django_filters.CharFilter(label=_("commune (INSEE code)"))

    class Meta:
        model = Volunteer
        fields = ["task", "available", "departement_code", "commune_code", "created_at"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # Only the départements of the volunteers the user may see are offered.
        user = request.user if request is not None else None
        self.filters["departement_code"].extra["choices"] = (
            _departements_of(user) if user is not None else []
        )

    def packed(self, queryset, name, value):
        column = "tasks" if name == "task" else "availability"
        return queryset.filter(**{f"{column}__contains": f",{value},"})


class VolunteerViewSet(ModelViewSet):
    model = Volunteer
    icon = "group"
    menu_label = _("Volunteers")
    name = "organising_volunteers"
    url_prefix = "organising/volunteers"
    index_view_class = VolunteerIndexView
    list_display = [
        "__str__",
        "email",
        "phone",
        "postcode",
        "tasks_display",
        "availability_display",
        "created_at",
    ]
    filterset_class = VolunteerFilterSet
    # Not the contact fields: a masked address must not be found by searching it.
    search_fields = ["first_name", "last_name", "postcode", "skills"]
    inspect_view_enabled = True
    inspect_view_class = VolunteerInspectView
    inspect_view_fields = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "postcode",
        "commune_code",
        "tasks_display",
        "availability_display",
        "skills",
        "site",
        "consent_granted",
        "created_at",
    ]
    copy_view_enabled = False
    exclude_form_fields = []
    add_to_admin_menu = False


# Shifts ------------------------------------------------------------------


def sites_for(user):
    """The sites whose shifts the user may see and edit (a team: its own)."""
    allowed = scoping.site_ids_for(user)
    sites = Site.objects.all()
    return sites if allowed is None else sites.filter(pk__in=allowed)


class ShiftPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and sites_for(user).filter(pk=instance.site_id).exists()
        )


class ShiftIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(site__in=sites_for(self.request.user))
            .annotate(signed_up=Count("signups", filter=Q(signups__status="confirmed")))
        )


def _scoped_object(view_class):
    """The view, answering 404 for a shift of a site the user may not see."""

    class Scoped(view_class):
        def get_object(self, *args, **kwargs):
            shift = super().get_object(*args, **kwargs)
            if not sites_for(self.request.user).filter(pk=shift.site_id).exists():
                raise Http404
            return shift

        def get_form(self, *args, **kwargs):
            form = super().get_form(*args, **kwargs)
            if "site" in form.fields:
                form.fields["site"].queryset = sites_for(self.request.user)
            return form

    Scoped.__name__ = f"Scoped{view_class.__name__}"
    return Scoped


class ShiftInspectView(_scoped_object(InspectView)):
    template_name = "organising/admin/shift_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        masked = masking.applies(self.request.user)
        rows = []
        signups = self.object.signups.filter(status="confirmed").select_related("volunteer")
        volunteers = {signup.volunteer_id for signup in signups}
        consented = _with_consents(Volunteer.objects.filter(pk__in=volunteers)) if masked else None
        shown = {volunteer.pk: volunteer for volunteer in consented} if masked else {}
        for signup in signups:
            volunteer = shown.get(signup.volunteer_id, signup.volunteer)
            rows.append(
                {
                    "name": volunteer.name,
                    "email": _masked("email")(volunteer) if masked else volunteer.email,
                    "phone": _masked("phone")(volunteer) if masked else volunteer.phone,
                }
            )
        context["signups"] = rows
        return context


class ShiftViewSet(ModelViewSet):
    model = Shift
    icon = "time"
    menu_label = _("Shifts")
    name = "organising_shifts"
    url_prefix = "organising/shifts"
    index_view_class = ShiftIndexView
    list_display = [
        "title",
        "task",
        "starts_at",
        "site",
        "capacity",
        Column("signed_up", label=_("signed up")),
    ]
    list_filter = ["task", "cancelled"]
    search_fields = ["title", "meeting_point"]
    form_fields = [
        "site",
        "title",
        "task",
        "starts_at",
        "ends_at",
        "meeting_point",
        "capacity",
        "cancelled",
    ]
    inspect_view_enabled = True
    inspect_view_class = ShiftInspectView
    copy_view_enabled = False
    add_to_admin_menu = False

    edit_view_class = _scoped_object(ModelViewSet.edit_view_class)
    add_view_class = _scoped_object(ModelViewSet.add_view_class)
    delete_view_class = _scoped_object(ModelViewSet.delete_view_class)
    history_view_class = _scoped_object(ModelViewSet.history_view_class)
    usage_view_class = _scoped_object(ModelViewSet.usage_view_class)
