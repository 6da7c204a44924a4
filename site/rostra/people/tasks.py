"""Background work of the people app (Django's tasks API)."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from rostra.people.importing import engine
from rostra.people.models import ImportJob


@task()
def run_import(job_id):
    """Preview (dry run) or import an uploaded file, saving progress per chunk."""
    job = ImportJob.objects.get(pk=job_id)
    job.status = ImportJob.Status.RUNNING
    job.error = ""
    job.save(update_fields=["status", "error"])
    options = engine.Options(
        source_label=job.source_label or job.filename,
        tags=tuple(tag.strip() for tag in job.tags.split(",") if tag.strip()),
        consent_wording=job.consent_wording,
        user=job.created_by,
        dry_run=job.dry_run,
    )
    try:
        with job.file.open("rb") as handle:
            summary = engine.run(handle, options, job=job)
    except Exception as error:
        job.status = ImportJob.Status.FAILED
        job.error = f"{type(error).__name__}: {error}"
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        raise
    job.error = "\n".join(summary.errors)
    if summary.errors:
        job.status = ImportJob.Status.FAILED
    elif job.dry_run:
        job.status = ImportJob.Status.PREVIEW
    else:
        job.status = ImportJob.Status.DONE
        # The file holds personal data: once imported, only the report stays.
        transaction.on_commit(lambda: job.file.delete(save=False))
    job.save(update_fields=["status", "error"])
    return {"counts": summary.counts, "errors": summary.errors}
