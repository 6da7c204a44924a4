from django.core.management.base import BaseCommand

from rostra_donations.signal_handlers import purge_expired


class Command(BaseCommand):
    help = (
        "Anonymise the gifts kept under legal obligation whose retention has ended "
        "(DONATIONS_RETENTION_YEARS). manage.py apply_retention runs it with every other "
        "purge; run one of them daily (systemd timer deploy/systemd/rostra-retention.timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, dry_run=False, **options):
        count = purge_expired(dry_run=dry_run)
        suffix = " (dry run)" if dry_run else ""
        self.stdout.write(f"donations past their legal retention: {count}{suffix}")
