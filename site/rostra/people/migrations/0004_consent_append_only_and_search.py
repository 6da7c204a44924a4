"""Database-level guards and PostgreSQL search indexes.

The consent ledger is append-only even for raw SQL: a trigger refuses any
UPDATE that changes what a row records, and (PostgreSQL) any DELETE. Two
changes stay possible: re-pointing a row to the person it was merged into, and
blanking the evidence fields (IP hash, browser, page) when a person is erased;
user and site links may also be nulled when those are deleted.

The people list searches by prefix of names and emails: PostgreSQL gets
pattern-ops indexes for it (SQLite uses plain scans, fine at demo size).
"""

from django.db import migrations

GUARDED = ("purpose", "channel", "granted", "wording", "wording_version", '"where"', "recorded_at")
ERASABLE = ("ip_hash", "user_agent", "where_detail")
NULLABLE = ("site_id", "recorded_by_id")
MESSAGE = "consent rows are never edited: record a new one"

POSTGRES_FORWARD = f"""
CREATE OR REPLACE FUNCTION people_consent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'consent rows are never deleted (erasure blanks them)'
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.id <> OLD.id
        {"".join(f" OR NEW.{c} IS DISTINCT FROM OLD.{c}" for c in GUARDED)}
        {"".join(f" OR (NEW.{c} IS DISTINCT FROM OLD.{c} AND NEW.{c} <> '')" for c in ERASABLE)}
        {"".join(f" OR (NEW.{c} IS DISTINCT FROM OLD.{c} AND NEW.{c} IS NOT NULL)" for c in NULLABLE)}
    THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER people_consent_append_only
    BEFORE UPDATE OR DELETE ON people_consent
    FOR EACH ROW EXECUTE FUNCTION people_consent_append_only();

CREATE INDEX people_person_email_prefix ON people_person (email_canonical varchar_pattern_ops);
CREATE INDEX people_person_last_name_prefix ON people_person (UPPER(last_name) varchar_pattern_ops);
CREATE INDEX people_person_first_name_prefix ON people_person (UPPER(first_name) varchar_pattern_ops);
CREATE INDEX people_personemail_prefix ON people_personemail (email_canonical varchar_pattern_ops);
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS people_consent_append_only ON people_consent;
DROP FUNCTION IF EXISTS people_consent_append_only();
DROP INDEX IF EXISTS people_person_email_prefix;
DROP INDEX IF EXISTS people_person_last_name_prefix;
DROP INDEX IF EXISTS people_person_first_name_prefix;
DROP INDEX IF EXISTS people_personemail_prefix;
"""
# SQLite: the same UPDATE rule. DELETE is left to the ORM's guard there, because
# Django empties SQLite tables with DELETE between transactional tests.
SQLITE_FORWARD = f"""
CREATE TRIGGER people_consent_append_only BEFORE UPDATE ON people_consent
WHEN NEW.id IS NOT OLD.id
    {"".join(f" OR NEW.{c} IS NOT OLD.{c}" for c in GUARDED)}
    {"".join(f" OR (NEW.{c} IS NOT OLD.{c} AND NEW.{c} <> '')" for c in ERASABLE)}
    {"".join(f" OR (NEW.{c} IS NOT OLD.{c} AND NEW.{c} IS NOT NULL)" for c in NULLABLE)}
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE}');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS people_consent_append_only;"


def run(sql_by_vendor):
    def apply(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            if schema_editor.connection.vendor == "sqlite":
                schema_editor.execute(sql)
            else:
                with schema_editor.connection.cursor() as cursor:
                    cursor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("people", "0003_ledger_state_segments_imports")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
