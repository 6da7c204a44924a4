"""Background work of the people app (Django's tasks API)."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from rostra.people.importing import engine
from rostra.people.models import ImportJob

# A run finding its job in one of these was run twice (its worker died after
# finishing): the job's result stands. The admin queues a job again by setting
# it back to QUEUED first.
FINISHED = (ImportJob.Status.PREVIEW, ImportJob.Status.DONE, ImportJob.Status.FAILED)


@task()
def run_import(job_id):
    """Preview (dry run) or import an uploaded file, saving progress per chunk.

    Safe to run again: a finished job is left as it is; a job stopped half-way
    is run again over the whole file, which finds the people its committed
    chunks wrote (they come out "unchanged") and goes on. Its counts still say
    what the import did: the people the first run created or updated are
    counted so, not as unchanged."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status in FINISHED:
        return {"counts": _counts(job), "errors": [job.error] if job.error else []}
    earlier = {"create": 0, "update": 0}
    if job.rows_done and not job.dry_run:
        # A run stopped half-way (its worker died, or it failed and the admin
        # queued it again; a confirmed preview starts from rows_done = 0). Its
        # counts were committed with the chunks they count (engine._save_job).
        earlier = {"create": job.created, "update": job.updated}
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
    if not summary.errors and any(earlier.values()):
        _count_earlier_run(job, summary, earlier)
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


def _counts(job):
    return {
        "create": job.created,
        "update": job.updated,
        "unchanged": job.unchanged,
        "reject": job.rejected,
    }


def _count_earlier_run(job, summary, earlier):
    """The rows an interrupted run created or updated read as unchanged the
    second time: count them as what the first run did."""
    summary.counts["create"] += earlier["create"]
    summary.counts["update"] += earlier["update"]
    summary.counts["unchanged"] -= earlier["create"] + earlier["update"]
    job.created, job.updated = summary.counts["create"], summary.counts["update"]
    job.unchanged = summary.counts["unchanged"]
    job.save(update_fields=["created", "updated", "unchanged"])
