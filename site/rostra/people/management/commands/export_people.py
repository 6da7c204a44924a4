from pathlib import Path

from django.core.management.base import BaseCommand
from django.http import QueryDict

from rostra.people import listing, resources


class Command(BaseCommand):
    help = (
        "Export people (NationBuilder column names) to CSV or XLSX, optionally filtered like "
        'the admin list: --filter "tag=bénévole&departement=69".'
    )

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path)
        parser.add_argument("--format", choices=sorted(resources.FORMATS), default="csv")
        parser.add_argument("--filter", default="", help="the admin list's query string")

    def handle(self, *args, output, format, filter, **options):
        queryset = listing.queryset(QueryDict(filter))
        content, _type, _ext = resources.export_file(queryset, format)
        if isinstance(content, str):
            output.write_text(content, encoding="utf-8")
        else:
            output.write_bytes(content)
        self.stdout.write(f"{queryset.count()} people written to {output}")
