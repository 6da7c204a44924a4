"""Fewer indexes to write per person: the ones no query reads.

Département, constituency and consent purpose are filtered on by equality only:
each keeps one plain index, not also the pattern-ops copy ``db_index=True`` adds
on PostgreSQL. The other addresses' canonical email had two identical
pattern-ops indexes (the one ``unique=True`` adds and 0004's): 0004's goes.

SQLite rebuilds the consent table to change an index, which drops its
append-only trigger: it is created again at the end (as in 0007).
"""

import importlib

from django.conf import settings
from django.db import migrations, models

_FEWER = importlib.import_module("rostra.people.migrations.0007_fewer_indexes_for_imports")


def drop_duplicate_email_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS people_personemail_prefix")


def restore_duplicate_email_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS people_personemail_prefix "
            "ON people_personemail (email_canonical varchar_pattern_ops)"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0007_fewer_indexes_for_imports'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='consent',
            name='purpose',
            field=models.CharField(max_length=64, verbose_name='purpose'),
        ),
        migrations.AlterField(
            model_name='person',
            name='constituency',
            field=models.CharField(blank=True, editable=False, max_length=32, verbose_name='constituency'),
        ),
        migrations.AlterField(
            model_name='person',
            name='departement_code',
            field=models.CharField(blank=True, editable=False, max_length=3, verbose_name='département'),
        ),
        migrations.AddIndex(
            model_name='consent',
            index=models.Index(fields=['purpose'], name='people_consent_purpose'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['departement_code'], name='people_person_departement'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['constituency'], name='people_person_constituency'),
        ),
        migrations.RunPython(drop_duplicate_email_index, restore_duplicate_email_index),
        migrations.RunPython(_FEWER.restore_sqlite_guard, _FEWER.restore_sqlite_guard),
    ]
