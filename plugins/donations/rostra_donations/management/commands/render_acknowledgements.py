import os

from django.core.management.base import BaseCommand, CommandError
from rostra.people.management.progress import ProgressBar

from rostra_donations import tasks
from rostra_donations.models import Acknowledgement


class Command(BaseCommand):
    help = (
        "Render acknowledgement PDFs in bulk (e.g. the year-end batch after a template "
        "change): many per layout, in worker processes. Numbers never change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="only this year's acknowledgements")
        parser.add_argument("--site", type=int, help="only this site (id)")
        parser.add_argument(
            "--missing", action="store_true", help="only acknowledgements never rendered"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="worker processes (default: one per core)",
        )
        parser.add_argument("--quiet-progress", action="store_true")

    def handle(self, *args, year=None, site=None, missing=False, workers=1, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        acks = Acknowledgement.objects.order_by("site", "year", "number")
        if year:
            acks = acks.filter(year=year)
        if site:
            acks = acks.filter(site_id=site)
        if missing:
            acks = acks.filter(rendered_at__isnull=True)
        ids = list(acks.values_list("pk", flat=True))
        bar = None if options["quiet_progress"] else ProgressBar(self.stderr, label="PDF")
        done = tasks.render_many(ids, workers=workers, progress=bar and bar.update)
        if bar:
            bar.finish()
        self.stdout.write(f"{done} acknowledgement(s) rendered.")
