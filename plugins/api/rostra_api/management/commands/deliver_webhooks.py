from django.core.management.base import BaseCommand

from rostra_api import webhooks


class Command(BaseCommand):
    help = "Deliver the webhooks that are due (the retries); run every minute."

    def handle(self, *args, **options):
        tried = [owed for owed in webhooks.deliver_due() if owed is not None]
        delivered = sum(1 for owed in tried if owed.status == "delivered")
        self.stdout.write(f"{len(tried)} tried, {delivered} delivered.")
