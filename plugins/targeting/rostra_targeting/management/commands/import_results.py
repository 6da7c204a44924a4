"""manage.py import_results FILE --election legislatives-2022-1 [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError
from rostra.people.management.progress import ProgressBar

from rostra_targeting.models import Election
from rostra_targeting.results import importer


class Command(BaseCommand):
    help = "Import the Ministry of the Interior's results by polling station (CSV or XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--election",
            required=True,
            help="kind-year-round, e.g. legislatives-2024-1 (created when new)",
        )
        parser.add_argument("--dry-run", action="store_true", help="only say what would change")
        parser.add_argument("--quiet-progress", action="store_true")

    def handle(self, *args, file, election, dry_run, quiet_progress, **options):
        try:
            kind, year, round_ = election.rsplit("-", 2)
            if kind not in Election.Kind.values:
                raise ValueError
            year, round_ = int(year), int(round_)
        except ValueError:
            kinds = ", ".join(Election.Kind.values)
            raise CommandError(f"--election is kind-year-round, kind among {kinds}") from None
        bar = None if quiet_progress else ProgressBar(self.stderr, label=file)
        with open(file, "rb") as handle:
            reading = importer.read(handle, progress=bar and bar.update)
        if bar:
            bar.finish()
        if reading.errors:
            for error in reading.errors:
                self.stderr.write(f"line {error['line']}: {error['message']}")
            raise CommandError(f"{len(reading.errors)} error(s): nothing imported")
        if dry_run:
            target = Election.objects.filter(kind=kind, year=year, round=round_).first()
            summary, _changed = importer.compare(
                target or Election(kind=kind, year=year, round=round_), reading
            )
        else:
            target, _created = Election.objects.get_or_create(kind=kind, year=year, round=round_)
            summary = importer.store(target, reading)
        for name, value in summary.items():
            if name != "nuances":
                self.stdout.write(f"{name}: {value}")
