from django.core.management.base import BaseCommand
from django.db import DatabaseError
from wagtail.models import Site

from rostra import plugins


class Command(BaseCommand):
    help = "List installed plugins and the sites each is switched on for."

    def handle(self, *args, **options):
        try:
            sites = list(Site.objects.order_by("hostname", "port"))
        except DatabaseError:
            # Listing what is installed must work before the first migrate.
            sites = None
        for config in plugins.installed():
            if sites is None:
                on = "sites: database not migrated yet"
            else:
                names = [site.hostname for site in sites if plugins.is_enabled(config.label, site)]
                on = f"on: {', '.join(names) or '-'}"
            self.stdout.write(
                f"{config.label}\t{config.version}\t{config.name}\t{config.verbose_name}\t{on}"
            )
