"""Admin screens of the people viewset: list, person page, export, erasure, merge."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets import HeaderButton
from wagtail.log_actions import log
from wagtail.snippets.views import snippets as snippet_views

from rostra import scoping
from rostra.people import api, export, listing, masking, merging, phones, purposes
from rostra.people.forms import MergeForm
from rostra.people.models import Person, SavedSegment
from rostra.people.permissions import PersonPermissionPolicy, scoped_people, scoped_segments


class PersonIndexView(snippet_views.IndexView):
    paginator_class = listing.CappedPaginator
    paginate_by = listing.PAGE_SIZE
    default_ordering = "-pk"
    template_name = "people/admin/index.html"

    def get_base_queryset(self):
        queryset = scoped_people(self.request.user, listing.base_queryset())
        if masking.applies(self.request.user):
            queryset = masking.with_email_consent(queryset)
        return queryset

    @cached_property
    def columns(self):
        columns = super().columns
        for column in columns:
            if isinstance(column, TitleColumn):
                # A name opens the person's page (consents, timeline, gifts,
                # signatures): what people look for first. Editing stays in
                # the row's "…" menu.
                column._get_url_func = self.get_inspect_url
        if not masking.applies(self.request.user):
            return columns
        # Addresses outside what the person consented to are masked.
        return [
            Column("email", label=column.label, accessor=masking.list_email)
            if column.name == "email"
            else column
            for column in columns
        ]

    @cached_property
    def masked(self):
        return masking.applies(self.request.user)

    def filter_queryset(self, queryset):
        return listing.apply_filters(
            queryset,
            self.request.GET,
            masked=self.masked,
            segments=scoped_segments(self.request.user),
        )

    def search_queryset(self, queryset):
        # Contact fields the user sees masked are not searched (rostra.people.listing).
        return listing.search(queryset, self.search_query, masked=self.masked)

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        user = self.request.user
        if self.permission_policy.user_has_permission(user, "import"):
            buttons.append(
                HeaderButton(_("Import"), url=reverse("people_import"), icon_name="upload")
            )
        if self.permission_policy.user_has_permission(user, "export"):
            query = self.request.GET.copy()
            query.pop("p", None)
            for fmt in ("csv", "xlsx"):
                query["format"] = fmt
                buttons.append(
                    HeaderButton(
                        _("Export %(format)s") % {"format": fmt.upper()},
                        url=reverse("people_export_list") + "?" + query.urlencode(),
                        icon_name="download",
                    )
                )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["segments"] = scoped_segments(self.request.user)
        context["current_query"] = self.request.GET.urlencode()
        return context


class PersonInspectView(snippet_views.InspectView):
    template_name = "people/admin/person.html"

    def get_object(self, queryset=None):
        person = get_object_or_404(scoped_people(self.request.user), pk=self.pk)
        return person

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        log(self.object, "people.view", user=request.user)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        user = self.request.user
        # A candidate's team reads only the history made on its own sites.
        consents = scoping.on_visible_sites(
            user, person.consents.select_related("site", "recorded_by")
        )
        visible_sites = scoping.site_ids_for(user)
        hidden = masking.hidden_fields(self.request, person)
        context.update(
            person=person,
            masked=hidden,
            mask=masking.MASK,
            territory=person.territory,
            phone="" if "phone" in hidden else phones.display(person.phone),
            mobile="" if "mobile_phone" in hidden else phones.display(person.mobile_phone),
            current=[
                (
                    purposes.label(purpose),
                    purposes.channel_label(channel),
                    consent,
                    # where it was given names a page: only on sites the user sees
                    visible_sites is None
                    or consent.site_id is None
                    or consent.site_id in visible_sites,
                )
                for (purpose, channel), consent in sorted(api.current_consents(person).items())
            ],
            ledger=consents,
            timeline=scoping.on_visible_sites(
                user, person.timeline.select_related("site", "actor")
            )[:200],
            source_site=person.source_site
            if visible_sites is None or person.source_site_id in visible_sites
            else None,
            other_emails=person.other_emails.all(),
            merged=Person.objects.filter(merged_into=person),
            can_export=self.permission_policy.user_has_permission(request_user(self), "export"),
            can_erase=self.permission_policy.user_has_permission(request_user(self), "erase"),
            can_change=self.permission_policy.user_has_permission(request_user(self), "change"),
            merge_form=MergeForm(),
        )
        return context


def request_user(view):
    return view.request.user


def _person_for(request, pk, action):
    if not PersonPermissionPolicy(Person).user_has_permission(request.user, action):
        raise PermissionDenied
    return get_object_or_404(scoped_people(request.user), pk=pk)


def export_person(request, pk, fmt):
    """A person's full data, as JSON or a readable page; written to the audit log.
    Not for users who see masked fields: everything would show unmasked."""
    person = _person_for(request, pk, "export")
    if masking.applies(request.user):
        raise PermissionDenied
    data = api.export_data(person, actor=request.user)
    log(person, "people.export", user=request.user, data={"format": fmt})
    if fmt == "json":
        response = HttpResponse(export.as_json(data), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
        return response
    return TemplateResponse(request, "people/admin/export.html", {"data": data, "person": person})


def erase_person(request, pk):
    person = _person_for(request, pk, "erase")
    if request.method == "POST":
        report = api.erase(person, actor=request.user)
        messages.success(
            request, _("Personal data erased: %(done)s") % {"done": "; ".join(report.done)}
        )
        return redirect(reverse("wagtailsnippets_people_person:list"))
    return TemplateResponse(request, "people/admin/erase.html", {"person": person})


def merge_person(request, pk):
    kept = _person_for(request, pk, "change")
    form = MergeForm(request.POST or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        duplicate = form.cleaned_data["duplicate"]
        if not scoped_people(request.user).filter(pk=duplicate.pk).exists():
            return permission_denied(request)
        if request.POST.get("confirm"):
            try:
                api.merge(kept, duplicate, actor=request.user)
            except merging.MergeError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("#%(merged)s merged into #%(kept)s; both histories are kept.")
                    % {"merged": duplicate.pk, "kept": kept.pk},
                )
                return redirect(reverse("wagtailsnippets_people_person:inspect", args=[kept.pk]))
    return TemplateResponse(
        request,
        "people/admin/merge.html",
        {
            "person": kept,
            "form": form,
            "duplicate": duplicate,
            "fields": _side_by_side(kept, duplicate),
        },
    )


def _side_by_side(kept, duplicate):
    if duplicate is None:
        return []
    rows = []
    for name in merging.FILLABLE + ("email",):
        field = Person._meta.get_field(name)
        mine, theirs = getattr(kept, name), getattr(duplicate, name)
        rows.append((field.verbose_name, mine, theirs, not mine and bool(theirs)))
    return rows


def export_list(request):
    """The people of the list as filtered, as CSV or XLSX (django-import-export);
    every person exported is written to the audit log."""
    from wagtail.models import ModelLogEntry

    from rostra.people import resources

    _person_for_permission(request, "export")
    fmt = request.GET.get("format", "csv")
    if fmt not in resources.FORMATS:
        fmt = "csv"
    masked = masking.applies(request.user)
    queryset = listing.apply_filters(
        scoped_people(request.user),
        request.GET,
        masked=masked,
        segments=scoped_segments(request.user),
    )
    queryset = listing.search(queryset, request.GET.get("q", ""), masked=masked)
    content, content_type, extension = resources.export_file(queryset, fmt, mask=masked)
    content_type_id = ContentType.objects.get_for_model(Person).pk
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type_id=content_type_id,
                object_id=str(pk),
                label=f"#{pk}",
                action="people.export",
                user=request.user,
                data={"format": fmt, "list": True},
                timestamp=timezone.now(),
            )
            for pk in queryset.values_list("pk", flat=True).iterator()
        ],
        batch_size=2000,
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="people.{extension}"'
    return response


def reveal_field(request, pk):
    """Show one masked field of a person: an explicit act, audit-logged."""
    person = _person_for(request, pk, "view")
    field = request.POST.get("field", "")
    if request.method != "POST" or field not in masking.FIELD_CHANNELS:
        raise PermissionDenied
    masking.reveal(request, person, field)
    return redirect(reverse("wagtailsnippets_people_person:inspect", args=[person.pk]))


def _person_for_permission(request, action):
    if not PersonPermissionPolicy(Person).user_has_permission(request.user, action):
        raise PermissionDenied


def save_segment(request):
    if request.method != "POST" or not PersonPermissionPolicy(Person).user_has_permission(
        request.user, "view"
    ):
        raise PermissionDenied
    name = request.POST.get("name", "").strip()[:120]
    query = request.POST.get("query", "")
    if name:
        SavedSegment.objects.create(name=name, query=query, created_by=request.user)
        messages.success(request, _("Segment “%(name)s” saved.") % {"name": name})
    else:
        messages.error(request, _("Give the segment a name."))
    return redirect(reverse("wagtailsnippets_people_person:list") + "?" + query)
