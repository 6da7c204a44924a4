"""Walk lists made from INSEE's register where no electoral list covers the
station: the list becomes optional, and each walk list keeps its commune for
scoping (filled from the station code of the walk lists already made)."""

import django.db.models.deletion
from django.db import migrations, models


def fill_communes(apps, schema_editor):
    WalkList = apps.get_model("targeting", "WalkList")
    for walk_list in WalkList.objects.all().only("pk", "station_code"):
        WalkList.objects.filter(pk=walk_list.pk).update(
            commune_code=walk_list.station_code.split("_", 1)[0][:5]
        )


class Migration(migrations.Migration):
    dependencies = [("targeting", "0007_register")]

    operations = [
        migrations.AlterField(
            model_name="walklist",
            name="electoral_list",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="walk_lists",
                to="targeting.electorallist",
            ),
        ),
        migrations.AddField(
            model_name="walklist",
            name="commune_code",
            field=models.CharField(
                db_index=True, default="", max_length=5, verbose_name="INSEE commune code"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_communes, migrations.RunPython.noop),
    ]
