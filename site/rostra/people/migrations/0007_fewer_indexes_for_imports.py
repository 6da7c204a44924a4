"""Fewer indexes to write per imported person.

Foreign keys already leading a composite index (consent, consent state and
timeline → person) lose their own index; foreign keys empty for nearly everyone
(site, user, merged into) get a partial index on the rows that have one.

SQLite rebuilds the consent table to drop an index, which drops its
append-only trigger (0004): it is created again at the end.
"""

import importlib


import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


_GUARDS = importlib.import_module("rostra.people.migrations.0004_consent_append_only_and_search")


def restore_sqlite_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(_GUARDS.SQLITE_BACKWARD)
        schema_editor.execute(_GUARDS.SQLITE_FORWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_phone_prefix_indexes"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="consent",
            name="person",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="consents",
                to="people.person",
            ),
        ),
        migrations.AlterField(
            model_name="consent",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="consent",
            name="site",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailcore.site",
            ),
        ),
        migrations.AlterField(
            model_name="consentstate",
            name="person",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="consent_states",
                to="people.person",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="merged_people",
                to="people.person",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="source_site",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="first seen on",
            ),
        ),
        migrations.AlterField(
            model_name="timelineentry",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="timelineentry",
            name="person",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="timeline",
                to="people.person",
            ),
        ),
        migrations.AlterField(
            model_name="timelineentry",
            name="site",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailcore.site",
            ),
        ),
        migrations.AddIndex(
            model_name="consent",
            index=models.Index(
                condition=models.Q(("site__isnull", False)),
                fields=["site"],
                name="people_consent_site",
            ),
        ),
        migrations.AddIndex(
            model_name="consent",
            index=models.Index(
                condition=models.Q(("recorded_by__isnull", False)),
                fields=["recorded_by"],
                name="people_consent_recorded_by",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(("source_site__isnull", False)),
                fields=["source_site"],
                name="people_person_source_site",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", False)),
                fields=["merged_into"],
                name="people_person_merged_into",
            ),
        ),
        migrations.AddIndex(
            model_name="timelineentry",
            index=models.Index(
                condition=models.Q(("site__isnull", False)),
                fields=["site"],
                name="people_timeline_site",
            ),
        ),
        migrations.AddIndex(
            model_name="timelineentry",
            index=models.Index(
                condition=models.Q(("actor__isnull", False)),
                fields=["actor"],
                name="people_timeline_actor",
            ),
        ),
        migrations.RunPython(restore_sqlite_guard, restore_sqlite_guard),
    ]
