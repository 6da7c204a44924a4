"""``manage.py run_worker``: the task worker to start in production and in the
demo (db_worker with a lease, see rostra.worker). Takes db_worker's options;
serves every queue unless told otherwise (``--queue-name``)."""

from argparse import ArgumentTypeError

from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from rostra.worker import lease
from rostra.worker.heart import LeasedWorker


def valid_lease(value):
    seconds = db_worker.valid_interval(value)
    if seconds < 1:
        raise ArgumentTypeError("The lease must be at least 1 second.")
    return seconds


class Command(db_worker.Command):
    help = (
        "Run a task worker that keeps a lease: the tasks of a worker that died are "
        "run again once its lease has expired."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--lease",
            type=valid_lease,
            default=lease.DEFAULT_LEASE_SECONDS,
            help="Seconds of silence after which a worker is taken as dead and its "
            "running tasks are queued again (default: %(default)s).",
        )
        # A worker that serves "default" only leaves every other queue waiting.
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *, verbosity, lease, reload, **options):
        if reload:
            raise CommandError(
                "run_worker does not reload on code changes: restart it (a reload "
                "would stop a task half done)."
            )
        self.configure_logging(verbosity)
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = LeasedWorker(
            lease_seconds=lease,
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        worker.configure_signals()
        worker.run()
