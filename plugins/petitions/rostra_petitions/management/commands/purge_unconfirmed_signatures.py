from django.core.management.base import BaseCommand
from rostra.people.management.progress import ProgressBar

from rostra_petitions import conf, retention


class Command(BaseCommand):
    help = (
        "Delete signatures never confirmed after PETITIONS_UNCONFIRMED_DAYS days and erase "
        "the people they alone brought in. manage.py apply_retention runs it daily too."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")
        parser.add_argument("--quiet-progress", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        bar = None
        if not dry_run and not options["quiet_progress"]:
            bar = ProgressBar(self.stderr, label="unconfirmed signatures")
        done = retention.purge_unconfirmed(dry_run=dry_run, progress=bar and bar.update)
        if bar:
            bar.finish()
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"Older than {conf.unconfirmed_days()} days: {done['signatures']} never-confirmed "
            f"signature(s) {verb} deleted, {done['people']} person(s) {verb} erased."
        )
