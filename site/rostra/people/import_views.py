"""Admin: upload a supporters file, preview it row by row, import it in the background."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

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
    jobs = ImportJob.objects.select_related("created_by")[:20]
    return TemplateResponse(request, "people/admin/import.html", {"form": form, "jobs": jobs})


def job_view(request, pk):
    _check(request)
    job = get_object_or_404(ImportJob, pk=pk)
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
            "list_url": reverse("people_import"),
        },
    )
