"""The register of addresses and the outlines are uploaded through the admin
like a results file: an import job has a kind, and only a results file has
an election."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("targeting", "0008_walk_lists_from_register")]

    operations = [
        migrations.AddField(
            model_name="resultsimport",
            name="kind",
            field=models.CharField(
                choices=[
                    ("results", "Election results"),
                    ("register", "Register of addresses"),
                    ("outlines", "Outlines"),
                ],
                default="results",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="resultsimport",
            name="election",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="imports",
                to="targeting.election",
            ),
        ),
    ]
