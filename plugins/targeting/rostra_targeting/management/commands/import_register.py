"""manage.py import_register table-adresses-reu.csv [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError
from rostra.people.management.progress import ProgressBar

from rostra_targeting import register


class Command(BaseCommand):
    help = (
        "Import INSEE's register of polling stations and addresses "
        "(répertoire électoral unique, table-adresses-reu.csv)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="only say what would change")
        parser.add_argument("--quiet-progress", action="store_true")

    def handle(self, *args, file, dry_run, quiet_progress, **options):
        bar = None if quiet_progress else ProgressBar(self.stderr, label=file)
        with open(file, "rb") as handle:
            reading = register.read(handle, progress=bar and bar.update)
        if bar:
            bar.finish()
        if reading.errors:
            for error in reading.errors:
                self.stderr.write(f"line {error['line']}: {error['message']}")
            raise CommandError(f"{len(reading.errors)} error(s): nothing imported")
        summary = register.compare(reading) if dry_run else register.store(reading)
        for name, value in summary.items():
            self.stdout.write(f"{name}: {value}")
