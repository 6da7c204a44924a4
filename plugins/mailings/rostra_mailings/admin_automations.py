"""The automations' screens: Wagtail's ModelViewSet (list, filters, form with
the series' messages inline), limited to the sites the user may see: a
candidate's team writes its own site's series only. Switching a series on
sends messages: it needs the permission to send mailings."""

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rostra.people import purposes
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from rostra_mailings.admin_views import (
    OwnSite,
    OwnSiteDeleteView,
    OwnSiteHistoryView,
    OwnSiteUsageView,
)
from rostra_mailings.audience import sites_for
from rostra_mailings.models import Automation, Enrollment
from rostra_mailings.permissions import can_send, site_ids


class AutomationPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        if instance.site_id not in site_ids(user):
            return False
        return self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user, action):
        queryset = super().instances_user_has_permission_for(user, action)
        return queryset.filter(site__in=site_ids(user))


class AutomationForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user
        self.fields["purpose"] = forms.ChoiceField(
            label=_("purpose"),
            choices=list(purposes.all_purposes().items()),
            help_text=self.fields["purpose"].help_text,
        )
        if for_user is not None:
            self.fields["site"].queryset = sites_for(for_user)

    def clean_active(self):
        active = self.cleaned_data["active"]
        was_on = self.instance.pk and self.instance.active
        if active and not was_on and not (self.for_user and can_send(self.for_user)):
            raise forms.ValidationError(
                _("Switching a series on sends messages: it needs the permission to send.")
            )
        return active

    def clean(self):
        cleaned = super().clean()
        petition = cleaned.get("petition")
        if petition is not None and cleaned.get("trigger") != Automation.Trigger.SIGNED:
            self.add_error("petition", _("A petition is chosen for “Signed a petition” only."))
        return cleaned


class AutomationIndexView(IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().filter(site__in=site_ids(self.request.user))
        return queryset.annotate(
            people=Count("enrollments", distinct=True),
            ongoing=Count(
                "enrollments", filter=Q(enrollments__status=Enrollment.Status.ACTIVE), distinct=True
            ),
        )


class AutomationEditView(OwnSite, EditView):
    pass


class AutomationViewSet(ModelViewSet):
    model = Automation
    index_view_class = AutomationIndexView
    edit_view_class = AutomationEditView
    delete_view_class = OwnSiteDeleteView
    history_view_class = OwnSiteHistoryView
    usage_view_class = OwnSiteUsageView
    copy_view_enabled = False
    icon = "resubmit"
    menu_label = gettext_lazy("Automations")
    menu_order = 251
    add_to_admin_menu = True
    url_prefix = "mailings/automations"
    name = "mailings_automations"
    list_display = [
        TitleColumn("name", label=gettext_lazy("Name"), url_name="mailings_automations:edit"),
        Column("site", label=gettext_lazy("Site")),
        Column("trigger", label=gettext_lazy("Starts when"), accessor="get_trigger_display"),
        BooleanColumn("active", label=gettext_lazy("On")),
        Column("people", label=gettext_lazy("People who started it")),
        Column("ongoing", label=gettext_lazy("In it now")),
    ]
    list_filter = ["trigger", "active"]
    search_fields = ["name"]
    search_backend_name = None
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("site"),
            FieldPanel("name"),
            FieldPanel("trigger"),
            FieldPanel("petition"),
            FieldPanel("purpose"),
            FieldPanel("active"),
            InlinePanel("steps", label=gettext_lazy("Messages of the series"), min_num=1),
        ],
        base_form_class=AutomationForm,
    )

    @property
    def permission_policy(self):
        return AutomationPermissionPolicy(Automation)
