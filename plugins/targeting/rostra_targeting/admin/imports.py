"""Admin: upload a results file or INSEE's register of addresses, preview what
it would change, import it in the background with a progress bar; the
line-numbered errors of a refused file."""

from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from rostra_targeting import tasks
from rostra_targeting.admin.access import can_import, require
from rostra_targeting.forms import OutlinesFileForm, RegisterFileForm, ResultsFileForm
from rostra_targeting.models import NuanceBloc, Outline, RegisterAddress, ResultsImport


def index(request):
    require(can_import, request)
    form = ResultsFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            job = ResultsImport.objects.create(
                election=form.election(),
                file=upload,
                filename=upload.name[:255],
                created_by=request.user,
            )
            tasks.run_results_import.enqueue(job.pk)
        return redirect("targeting_admin:import", job.pk)
    jobs = ResultsImport.objects.filter(kind=ResultsImport.Kind.RESULTS).select_related(
        "election", "created_by"
    )[:50]
    return TemplateResponse(
        request,
        "targeting/admin/imports.html",
        {"form": form, "jobs": jobs, "title": _("Election results")},
    )


def register_index(request):
    """INSEE's register of addresses (répertoire électoral unique), by the same flow."""
    require(can_import, request)
    form = RegisterFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            job = ResultsImport.objects.create(
                kind=ResultsImport.Kind.REGISTER,
                file=upload,
                filename=upload.name[:255],
                created_by=request.user,
            )
            tasks.run_results_import.enqueue(job.pk)
        return redirect("targeting_admin:import", job.pk)
    jobs = ResultsImport.objects.filter(kind=ResultsImport.Kind.REGISTER).select_related(
        "created_by"
    )
    return TemplateResponse(
        request,
        "targeting/admin/register.html",
        {
            "form": form,
            "jobs": jobs[:50],
            "addresses": RegisterAddress.objects.count(),
            "title": _("Register of addresses"),
        },
    )


def outlines_index(request):
    """Polling-station or commune outlines for the maps, by the same flow."""
    require(can_import, request)
    form = OutlinesFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            job = ResultsImport.objects.create(
                kind=ResultsImport.Kind.OUTLINES,
                layout=form.cleaned_data["level"],
                file=upload,
                filename=upload.name[:255],
                created_by=request.user,
            )
            tasks.run_results_import.enqueue(job.pk)
        return redirect("targeting_admin:import", job.pk)
    jobs = ResultsImport.objects.filter(kind=ResultsImport.Kind.OUTLINES).select_related(
        "created_by"
    )
    return TemplateResponse(
        request,
        "targeting/admin/outlines.html",
        {
            "form": form,
            "jobs": jobs[:50],
            "held": [
                (Outline.Level(row["level"]).label, row["count"])
                for row in Outline.objects.values("level").annotate(count=Count("pk"))
            ],
            "title": _("Outlines"),
        },
    )


def job_view(request, pk):
    require(can_import, request)
    job = get_object_or_404(ResultsImport.objects.select_related("election"), pk=pk)
    if request.method == "POST" and job.status == ResultsImport.Status.PREVIEW:
        job.dry_run = False
        job.status = ResultsImport.Status.QUEUED
        with transaction.atomic():
            job.save(update_fields=["dry_run", "status"])
            tasks.run_results_import.enqueue(job.pk)
        return redirect("targeting_admin:import", job.pk)
    known = set(NuanceBloc.objects.values_list("nuance", flat=True))
    return TemplateResponse(
        request,
        "targeting/admin/import_job.html",
        {
            "job": job,
            "running": job.status in (ResultsImport.Status.QUEUED, ResultsImport.Status.RUNNING),
            "unmapped": [n for n in job.summary.get("nuances", []) if n not in known],
            "title": _("Import of %(file)s") % {"file": job.filename},
        },
    )
