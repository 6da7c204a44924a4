from django.core.management.base import BaseCommand

from rostra_organising.events import reminders
from rostra_organising.volunteering import reminders as shift_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminders due 24 hours and 2 hours before events, and the day before "
        "volunteers' shifts (safe to run twice)."
    )

    def handle(self, *args, **options):
        count = reminders.send_due()
        self.stdout.write(f"{count} reminder(s) queued or already sent.")
        count = shift_reminders.send_due()
        self.stdout.write(f"{count} shift reminder(s) queued or already sent.")
