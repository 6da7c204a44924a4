from django.core.management.base import BaseCommand
from wagtail.models import Site

from rostra import plugins


class Command(BaseCommand):
    help = "List installed plugins and the sites each is switched on for."

    def handle(self, *args, **options):
        sites = list(Site.objects.order_by("hostname", "port"))
        for config in plugins.installed():
            on = [str(site.hostname) for site in sites if plugins.is_enabled(config.label, site)]
            self.stdout.write(
                f"{config.label}\t{config.version}\t{config.name}\t"
                f"{config.verbose_name}\ton: {', '.join(on) or '-'}"
            )
