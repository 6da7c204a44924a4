"""Background work of the targeting plugin (Django's tasks API)."""

import functools

from django.tasks import task
from django.utils import timezone

from rostra_targeting import outline_files, register
from rostra_targeting.models import ResultsImport
from rostra_targeting.results import importer
from rostra_targeting.scope import commune_allowed

FINISHED = (ResultsImport.Status.PREVIEW, ResultsImport.Status.DONE, ResultsImport.Status.FAILED)


@task()
def run_results_import(job_id):
    """Preview (dry run) or store an uploaded results file, or INSEE's
    register of addresses (only the communes of the uploader's territory).

    Safe to run twice: a finished job is left as it is, and storing is one
    transaction that compares with what is stored (a second run writes nothing)."""
    job = ResultsImport.objects.select_related("election").get(pk=job_id)
    if job.status in FINISHED:
        return job.status
    job.status = ResultsImport.Status.RUNNING
    job.rows_done = 0
    job.save(update_fields=["status", "rows_done"])

    def progress(done, total):
        ResultsImport.objects.filter(pk=job.pk).update(rows_done=done, total_rows=total)

    if job.kind == ResultsImport.Kind.REGISTER:
        return _register(job, progress)
    if job.kind == ResultsImport.Kind.OUTLINES:
        return _outlines(job, progress)
    with job.file.open("rb") as handle:
        reading = importer.read(handle, progress=progress)
    job.total_rows = reading.total
    job.rows_done = reading.total
    job.layout = reading.layout
    job.errors = reading.errors
    if reading.errors:
        job.status = ResultsImport.Status.FAILED
    elif job.dry_run:
        job.summary, _changed = importer.compare(job.election, reading)
        job.status = ResultsImport.Status.PREVIEW
    else:
        job.summary = importer.store(job.election, reading)
        job.status = ResultsImport.Status.DONE
    job.finished_at = timezone.now()
    job.save()
    return job.status


def _allowed(user):
    @functools.cache  # one look-up per commune, not per row
    def allowed(commune):
        return user is not None and commune_allowed(user, commune)

    return allowed


def _finish(job, reading, compare, store):
    job.total_rows = job.rows_done = reading.total
    job.errors = reading.errors
    if reading.errors:
        job.status = ResultsImport.Status.FAILED
    elif job.dry_run:
        job.summary = compare(reading)
        job.status = ResultsImport.Status.PREVIEW
    else:
        job.summary = store(reading)
        job.status = ResultsImport.Status.DONE
    job.finished_at = timezone.now()
    job.save()
    return job.status


def _register(job, progress):
    with job.file.open("rb") as handle:
        reading = register.read(handle, progress=progress, allowed=_allowed(job.created_by))
    return _finish(job, reading, register.compare, register.store)


def _outlines(job, progress):
    level = job.layout
    with job.file.open("rb") as handle:
        reading = outline_files.read(
            handle.read(), level, progress=progress, allowed=_allowed(job.created_by)
        )
    return _finish(
        job,
        reading,
        lambda reading: outline_files.compare(reading, level),
        lambda reading: outline_files.store(reading, level),
    )
