from django.core.management.base import BaseCommand
from django.db import transaction

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
        with transaction.atomic():
            result = demo.run(self.stdout, port=options["port"])
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo ready."))
        for login in result.logins:
            self.stdout.write(
                f"  {login.role}: {login.url}  login: {login.username}  password: {login.password}"
            )
