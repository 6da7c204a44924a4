"""The supporter database in the Wagtail admin: people (list, search, filters,
saved segments, bulk tag/untag, person page with timeline and consents, merge,
export, erasure), imports, saved segments and constituencies."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from rostra.dashboard import panels as dashboard
from rostra.dashboard.scope import scope_name
from rostra.dashboard.weeks import Fortnight
from rostra.people import admin_views, choosers, import_views, permissions
from rostra.people import dashboard as people_dashboard
from rostra.people.bulk_actions import TagBulkAction, UntagBulkAction
from rostra.people.filters import PersonFilterSet
from rostra.people.forms import ConstituencyForm, PersonForm
from rostra.people.models import Constituency, Person, SavedSegment


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    url_prefix = "people/person"
    index_view_class = admin_views.PersonIndexView
    chooser_viewset_class = choosers.PersonChooserViewSet
    inspect_view_class = admin_views.PersonInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = PersonFilterSet
    list_display = ["__str__", "email", "commune", "departement_code", "created_at"]
    search_fields = ["last_name"]  # turns the search box on; rostra.people.listing searches
    form_fields = PersonForm._meta.fields
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return PersonForm

    def get_queryset(self, request):
        # Also what the person chooser offers: narrowed like the list.
        return permissions.scoped_people(request.user, Person.objects.all())


class SavedSegmentViewSet(SnippetViewSet):
    model = SavedSegment
    icon = "filter"
    menu_label = _("Saved segments")
    url_prefix = "people/segments"
    chooser_viewset_class = choosers.SegmentChooserViewSet
    list_display = ["name", "query", "created_at"]
    form_fields = ["name", "query"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return permissions.scoped_segments(request.user)


class ConstituencyViewSet(SnippetViewSet):
    model = Constituency
    icon = "site"
    menu_label = _("Constituencies")
    url_prefix = "people/constituencies"
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ConstituencyForm


class SupportersGroup(SnippetViewSetGroup):
    items = (PersonViewSet, SavedSegmentViewSet, ConstituencyViewSet)
    menu_icon = "group"
    menu_label = _("Supporters")
    menu_name = "supporters"
    menu_order = 150


register_snippet(SupportersGroup)


@hooks.register("register_admin_urls")
def register_people_admin_urls():
    return [
        path("people/import/", import_views.upload, name="people_import"),
        path("people/imports/", import_views.ImportJobIndexView.as_view(), name="people_imports"),
        path(
            "people/imports/results/",
            import_views.ImportJobIndexView.as_view(results_only=True),
            name="people_imports_results",
        ),
        path("people/import/<int:pk>/", import_views.job_view, name="people_import_job"),
        path(
            "people/person/<int:pk>/export.json",
            admin_views.export_person,
            {"fmt": "json"},
            name="people_export_json",
        ),
        path(
            "people/person/<int:pk>/export/",
            admin_views.export_person,
            {"fmt": "html"},
            name="people_export_html",
        ),
        path("people/person/<int:pk>/erase/", admin_views.erase_person, name="people_erase"),
        path("people/person/<int:pk>/merge/", admin_views.merge_person, name="people_merge"),
        path("people/export/", admin_views.export_list, name="people_export_list"),
        path("people/person/<int:pk>/reveal/", admin_views.reveal_field, name="people_reveal"),
        path("people/segments/save/", admin_views.save_segment, name="people_save_segment"),
    ]


hooks.register("register_bulk_action", TagBulkAction)
hooks.register("register_bulk_action", UntagBulkAction)


@hooks.register("register_log_actions")
def register_people_log_actions(actions):
    # Viewing or exporting someone's data is itself recorded (Reports › Site history).
    actions.register_action("people.view", _("View a person"), _("Viewed"))
    actions.register_action("people.export", _("Export a person's data"), _("Data exported"))
    actions.register_action("people.erase", _("Erase a person"), _("Personal data erased"))
    actions.register_action("people.merge", _("Merge people"), _("Merged with a duplicate"))
    actions.register_action("people.reveal", _("Reveal a masked field"), _("Masked field revealed"))


@hooks.register("construct_homepage_panels")
def people_figures(request, panels):
    figures, more = people_dashboard.panels_for(request.user, Fortnight.ending_today())
    if figures:
        dashboard.add_figures(panels, figures, scope=scope_name(request.user))
    panels.extend(more)
