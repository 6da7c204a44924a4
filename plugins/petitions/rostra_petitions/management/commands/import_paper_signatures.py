from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from rostra.people.management.progress import ProgressBar

from rostra_petitions import paper
from rostra_petitions.models import PetitionPage


class Command(BaseCommand):
    help = (
        "Import a CSV of paper signatures into a petition (columns prénom, nom, code "
        "postal; optionally email, pays, date). Counted as paper, apart from online ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("petition", help="the petition page's id or slug")
        parser.add_argument("file", type=Path)
        parser.add_argument("--quiet-progress", action="store_true")

    def handle(self, *args, petition, file, **options):
        translation.activate("fr")
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        pages = PetitionPage.objects.filter(
            pk=int(petition) if petition.isdigit() else None
        ) | PetitionPage.objects.filter(slug=petition)
        if pages.count() != 1:
            raise CommandError(f"{petition}: no single petition with this id or slug")
        bar = None if options["quiet_progress"] else ProgressBar(self.stderr, label=file.name)
        try:
            batch, report = paper.import_file(
                pages.get(),
                file.read_bytes(),
                file_name=file.name,
                progress=bar and bar.update,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if bar:
            bar.finish()
        for line, reason in report.skipped:
            self.stdout.write(f"line {line}: {reason}")
        self.stdout.write(
            f"{report.imported} paper signature(s) imported, "
            f"{len(report.skipped)} line(s) skipped (import #{batch.pk})."
        )
