from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from rostra import demo


class Command(BaseCommand):
    help = "Load (or complete) the demo party site. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=demo.PORT,
            help="The port the demo is served on: its sites' addresses and links use it.",
        )

    def handle(self, *args, **options):
        # The demo's default language is French whatever the caller left active
        # (a test's last request in English would name the candidates' pages "News").
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            result = demo.run(self.stdout, port=options["port"])
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo ready."))
        for login in result.logins:
            self.stdout.write(
                f"  {login.role}: {login.url}  login: {login.username}  password: {login.password}"
            )
