"""Phones are searched by their beginning ("06 12" finds +33612…): on
PostgreSQL a pattern-ops index answers both that and exact matches, so it
replaces the plain ones (one index fewer per phone column to maintain on
imports). The source index was never used by the list's plans."""

from django.db import migrations

FORWARD = """
CREATE INDEX people_person_phone_prefix ON people_person (phone varchar_pattern_ops);
CREATE INDEX people_person_mobile_prefix ON people_person (mobile_phone varchar_pattern_ops);
"""
BACKWARD = """
DROP INDEX IF EXISTS people_person_phone_prefix;
DROP INDEX IF EXISTS people_person_mobile_prefix;
"""


def run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("people", "0005_permissions_import_phase")]

    operations = [
        migrations.RemoveIndex(model_name="person", name="people_person_source"),
        migrations.RemoveIndex(model_name="person", name="people_person_phone"),
        migrations.RemoveIndex(model_name="person", name="people_person_mobile"),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
