from django.core.management.base import BaseCommand

from rostra_organising.events import reminders


class Command(BaseCommand):
    help = "Queue the reminders due 24 hours and 2 hours before events (safe to run twice)."

    def handle(self, *args, **options):
        count = reminders.send_due()
        self.stdout.write(f"{count} reminder(s) queued or already sent.")
