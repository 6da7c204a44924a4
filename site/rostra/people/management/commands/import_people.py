from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from rostra import spreadsheets
from rostra.people.importing import engine, tuning
from rostra.people.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import supporters from a CSV (UTF-8 or Windows-1252, comma or semicolon) or XLSX "
        "file; NationBuilder exports are understood as they are. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")
        parser.add_argument("--source", default="", help="where the file comes from")
        parser.add_argument("--tag", action="append", default=[], help="tag everyone imported")
        parser.add_argument(
            "--consent-wording", default="", help="what opted-in people agreed to (the ledger)"
        )
        parser.add_argument("--report", type=Path, help="write the per-row report to this CSV")
        parser.add_argument("--chunk-size", type=int, default=5000)
        parser.add_argument(
            "--row-by-row", action="store_true", help="no COPY/bulk insert (slower)"
        )
        parser.add_argument("--quiet-progress", action="store_true")

    def handle(self, *args, file, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        translation.activate(options.get("language") or "fr")
        bar = None if options["quiet_progress"] else ProgressBar(self.stderr, label=file.name)
        settings = engine.Options(
            source_label=options["source"] or file.name,
            tags=tuple(options["tag"]),
            consent_wording=options["consent_wording"],
            dry_run=options["dry_run"],
            chunk_size=options["chunk_size"],
            bulk=not options["row_by_row"],
        )
        # This process runs this import alone: the interpreter is tuned for it.
        with file.open("rb") as handle, tuning.interpreter_tuned():
            summary = engine.run(
                handle, settings, progress=bar and (lambda s: bar.update(s.done, s.total))
            )
        if bar:
            bar.finish()
        for error in summary.errors:
            self.stderr.write(self.style.ERROR(error))
        if summary.errors:
            raise CommandError("nothing was imported")
        for outcome in summary.outcomes:
            if outcome.action == "reject":
                self.stdout.write(f"line {outcome.line}: rejected: {'; '.join(outcome.reasons)}")
            elif outcome.notes:
                self.stdout.write(f"line {outcome.line}: {'; '.join(outcome.notes)}")
        counts = summary.counts
        verb = "would be" if settings.dry_run else "were"
        self.stdout.write(
            f"{summary.done} rows ({summary.encoding or 'xlsx'}"
            f"{', delimiter ' + repr(summary.delimiter) if summary.delimiter else ''}): "
            f"{counts['create']} {verb} created, {counts['update']} updated, "
            f"{counts['unchanged']} unchanged, {counts['merge']} merged with an earlier line, "
            f"{counts['reject']} rejected."
        )
        if summary.unknown_columns:
            self.stdout.write(f"Columns ignored: {', '.join(summary.unknown_columns)}")
        if options["report"]:
            rows = (
                [
                    outcome.line,
                    outcome.action,
                    "; ".join(outcome.reasons),
                    "; ".join(outcome.notes),
                    outcome.person_id,
                ]
                for outcome in summary.outcomes
            )
            header = ["line", "action", "reasons", "notes", "person_id"]
            report = spreadsheets.csv_text(header, rows)
            options["report"].write_text(report, encoding="utf-8", newline="")
