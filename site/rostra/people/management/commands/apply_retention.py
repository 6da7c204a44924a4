from django.core.management.base import BaseCommand

from rostra.people import retention


class Command(BaseCommand):
    help = (
        "Apply the retention rules: end expired consents, erase inactive people, purge old "
        "import reports and run every plugin's purge. Run it daily (cron or systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, dry_run=False, **options):
        for rule, count in retention.apply(dry_run=dry_run).items():
            self.stdout.write(f"{rule}: {count}{' (dry run)' if dry_run else ''}")
