"""manage.py import_outlines FILE.geojson --level station|commune"""

from django.core.management.base import BaseCommand, CommandError

from rostra_targeting import map_svg
from rostra_targeting.models import Outline


class Command(BaseCommand):
    help = "Import polling-station or commune outlines (GeoJSON, as published) for the maps."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--level", choices=Outline.Level.values, required=True)

    def handle(self, *args, file, level, **options):
        with open(file, "rb") as handle:
            try:
                count = map_svg.import_geojson(handle.read(), level)
            except (ValueError, KeyError) as error:
                raise CommandError(
                    f"not a GeoJSON FeatureCollection of polygons: {error}"
                ) from None
        self.stdout.write(f"{count} outlines imported")
