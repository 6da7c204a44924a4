"""Admin: upload a supporters file, preview it row by row, import it in the
background; the list of imports (Wagtail's listing)."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets import HeaderButton

from rostra.people import tasks
from rostra.people.forms import ImportForm
from rostra.people.models import ImportJob, Person
from rostra.people.permissions import PersonPermissionPolicy


def _check(request):
    if not PersonPermissionPolicy(Person).user_has_permission(request.user, "import"):
        raise PermissionDenied


def upload(request):
    _check(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = form.save(commit=False)
        job.filename = request.FILES["file"].name[:255]
        job.created_by = request.user
        job.dry_run = True
        # The job and its task commit together (never a job waiting for a task
        # that was not queued).
        with transaction.atomic():
            job.save()
            tasks.run_import.enqueue(job.pk)
        return redirect("people_import_job", job.pk)
    return TemplateResponse(
        request,
        "people/admin/import.html",
        {"form": form, "imports_url": reverse("people_imports")},
    )


def job_view(request, pk):
    _check(request)
    job = get_object_or_404(imports_for(request.user), pk=pk)
    if request.method == "POST" and job.status == ImportJob.Status.PREVIEW:
        job.dry_run = False
        job.status = ImportJob.Status.QUEUED
        job.rows_done = 0
        with transaction.atomic():
            job.save(update_fields=["dry_run", "status", "rows_done"])
            tasks.run_import.enqueue(job.pk)
        return redirect("people_import_job", job.pk)
    if request.method == "POST" and job.status == ImportJob.Status.FAILED and job.file:
        # Run again: what was imported is found, not duplicated.
        job.status = ImportJob.Status.QUEUED
        with transaction.atomic():
            job.save(update_fields=["status"])
            tasks.run_import.enqueue(job.pk)
        return redirect("people_import_job", job.pk)
    running = job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)
    rejected = [row for row in job.report if row["action"] == "reject"]
    # Imported, with something to say: merged with an earlier line, a phone left out.
    noted = [row for row in job.report if row["action"] != "reject" and row.get("notes")]
    return TemplateResponse(
        request,
        "people/admin/import_job.html",
        {
            "job": job,
            "running": running,
            "rejected": rejected,
            "noted": noted,
            "rows": job.report[:500],
            "title": _("Import of %(file)s") % {"file": job.filename},
            "list_url": reverse("people_imports"),
        },
    )


class ImportJobFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_l("Status"), choices=ImportJob.Status.choices)
    created_at = django_filters.DateFromToRangeFilter(
        label=_l("Started"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ImportJob
        fields = []


def imports_for(user):
    """The imports a user may see: every one for a superuser; otherwise those
    started by them or by someone of one of their groups (a candidate's team
    never sees another team's files)."""
    jobs = ImportJob.objects.select_related("created_by")
    if user.is_superuser:
        return jobs
    return jobs.filter(Q(created_by=user) | Q(created_by__groups__in=user.groups.all())).distinct()


class ImportJobIndexView(IndexView):
    model = ImportJob
    index_url_name = "people_imports"
    index_results_url_name = "people_imports_results"
    page_title = _l("Imports")
    header_icon = "upload"
    # The import permission of people decides, not Wagtail's model permissions.
    permission_policy = None
    any_permission_required = None
    filterset_class = ImportJobFilterSet
    search_fields = ["filename", "source_label"]
    search_backend_name = None
    default_ordering = "-created_at"
    paginate_by = 50
    export_filename = "imports"
    list_export = [
        "filename",
        "status",
        "created_at",
        "finished_at",
        "created_by",
        "total_rows",
        "created",
        "updated",
        "unchanged",
        "merged",
        "rejected",
    ]

    @property
    def columns(self):
        return [
            TitleColumn(
                "filename", label=_l("File"), sort_key="filename", url_name="people_import_job"
            ),
            Column("status", label=_l("Status"), accessor="get_status_display", sort_key="status"),
            Column(
                "created_at",
                label=_l("Started"),
                accessor=lambda job: date_format(
                    timezone.localtime(job.created_at), "SHORT_DATETIME_FORMAT"
                ),
                sort_key="created_at",
            ),
            Column("created_by", label=_l("By"), accessor="created_by"),
            NumberColumn("created", label=_l("Created"), sort_key="created"),
            NumberColumn("updated", label=_l("Updated"), sort_key="updated"),
            NumberColumn("rejected", label=_l("Rejected"), sort_key="rejected"),
        ]

    def dispatch(self, request, *args, **kwargs):
        _check(request)  # Wagtail's permission-denied page otherwise
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return imports_for(self.request.user)

    @property
    def header_buttons(self):
        return [HeaderButton(_l("Import a file"), url=reverse("people_import"), icon_name="plus")]
