"""The network's background tasks run again (their worker died and the task
came back to the queue): nothing is provisioned twice and the batch's report
still says what was created."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult
from rostra.sitesettings.models import BrandSettings

from rostra_network import provisioning, tasks
from rostra_network.models import CandidateSite, ProvisioningBatch
from rostra_network.tests.conftest import provision

pytestmark = pytest.mark.django_db

SITES = (
    "name;slug;hostname;email;constituency;communes\n"
    "Alice Martin;lyon;lyon;alice@example.org;;69123\n"
    "Bruno Petit;lille;lille;bruno@example.org;;59350\n"
)


class WorkerKilled(BaseException):
    """Stands for kill -9: nothing after it runs, not even ``except Exception``."""


@pytest.fixture
def batch(blueprint):
    return ProvisioningBatch.objects.create(filename="sites.csv", content=SITES)


def statuses(batch):
    batch.refresh_from_db()
    return [(row["slug"], row["status"]) for row in batch.report]


def test_a_finished_batch_run_again_is_left_as_it_is(batch):
    tasks.run_batch.call(batch.pk)
    assert statuses(batch) == [("lyon", "created"), ("lille", "created")]

    tasks.run_batch.call(batch.pk)

    assert statuses(batch) == [("lyon", "created"), ("lille", "created")]
    assert batch.status == ProvisioningBatch.Status.DONE
    assert CandidateSite.objects.count() == 2


def test_a_batch_whose_worker_died_goes_on_and_reports_what_each_run_created(batch, monkeypatch):
    real = provisioning.provision

    def killed_on_lille(order, **options):
        if order.slug == "lille":
            raise WorkerKilled
        return real(order, **options)

    monkeypatch.setattr(provisioning, "provision", killed_on_lille)
    with pytest.raises(WorkerKilled):
        tasks.run_batch.call(batch.pk)
    assert statuses(batch) == [("lyon", "created")]
    assert batch.status == ProvisioningBatch.Status.RUNNING

    monkeypatch.setattr(provisioning, "provision", real)
    tasks.run_batch.call(batch.pk)

    assert statuses(batch) == [("lyon", "created"), ("lille", "created")]
    assert (batch.status, batch.done) == (ProvisioningBatch.Status.DONE, 2)
    assert sorted(CandidateSite.objects.values_list("slug", flat=True)) == ["lille", "lyon"]


def test_propagating_the_blueprint_twice_gives_each_site_the_same_branding(blueprint):
    candidate = provision("Alice Martin", "lyon", communes=["69123"], invite=False)
    blueprint.primary_colour = "#aa3300"
    blueprint.save()

    assert tasks.propagate_blueprint.call() == 1
    assert tasks.propagate_blueprint.call() == 1

    brands = BrandSettings.objects.filter(site=candidate.site)
    assert [brand.primary_colour for brand in brands] == ["#aa3300"]


def test_a_new_site_s_invitation_is_queued_in_the_transaction_that_creates_it(blueprint, settings):
    """Queued after the commit, it was lost if the worker died in between, and
    the batch run again skips the site: nobody invited."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    with transaction.atomic():
        provision("Alice Martin", "lyon", communes=["69123"])
        queued = DBTaskResult.objects.filter(task_path="rostra.mail.sending.deliver")
        assert [result.args_kwargs["kwargs"]["to"] for result in queued] == ["lyon@example.org"]
