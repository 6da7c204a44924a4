"""Background work: a blueprint change reaching every candidate site, and bulk
provisioning from the admin (progress saved as it goes)."""

from django.tasks import task


@task()
def propagate_blueprint():
    from rostra_network import branding

    return branding.propagate()


@task()
def run_batch(batch_id):
    """Provision the sites of an uploaded file. Run again (its worker died), a
    finished batch is left as it is, and a batch stopped half-way goes on from
    the rows it had reported: what it created stays reported as created."""
    from rostra_network import bulk
    from rostra_network.models import ProvisioningBatch

    batch = ProvisioningBatch.objects.get(pk=batch_id)
    if batch.status in (ProvisioningBatch.Status.DONE, ProvisioningBatch.Status.FAILED):
        return
    reported = batch.report if batch.status == ProvisioningBatch.Status.RUNNING else []
    try:
        orders = bulk.read_orders(batch.content)
    except bulk.BadFile as error:
        batch.status, batch.error = ProvisioningBatch.Status.FAILED, str(error)
        batch.save(update_fields=["status", "error"])
        return
    batch.status, batch.total, batch.done = ProvisioningBatch.Status.RUNNING, len(orders), 0
    batch.save(update_fields=["status", "total", "done"])

    def progress(done, total):
        ProvisioningBatch.objects.filter(pk=batch_id).update(done=done)

    def record(report):
        ProvisioningBatch.objects.filter(pk=batch_id).update(report=report)

    try:
        report = bulk.run(orders, progress=progress, reported=reported, record=record)
    except Exception as error:
        batch.status, batch.error = ProvisioningBatch.Status.FAILED, repr(error)
        batch.save(update_fields=["status", "error"])
        raise
    ProvisioningBatch.objects.filter(pk=batch_id).update(
        status=ProvisioningBatch.Status.DONE, report=report, done=len(orders)
    )
