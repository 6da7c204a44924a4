from django.core.management.base import BaseCommand, CommandError

from rostra import signal_docs


class Command(BaseCommand):
    help = "Write the signals section of docs/plugins.md from the declarations in rostra.signals."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Change nothing; fail if the page is stale."
        )

    def handle(self, *args, check=False, **options):
        page = signal_docs.PAGE
        text = page.read_text(encoding="utf-8")
        try:
            new = signal_docs.updated(text)
        except ValueError as error:
            raise CommandError(f"{page}: {error}") from None
        if new == text:
            self.stdout.write(f"{page} is up to date.")
        elif check:
            raise CommandError(f"{page} is stale: run manage.py document_signals.")
        else:
            page.write_text(new, encoding="utf-8")
            self.stdout.write(f"{page} written.")
