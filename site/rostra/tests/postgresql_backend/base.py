"""PostgreSQL for the test suite: empties tables with DELETE, not TRUNCATE.

After each transactional test Django empties every table. TRUNCATE of the
~150 tables gives each a new file on disk and took 5 to 7 s a test on the CI
machine; DELETE of the few rows a test leaves takes a tenth of a second. The
foreign keys Django makes are DEFERRABLE INITIALLY DEFERRED, so the order of
the DELETEs does not matter: they are checked once, at the end of the flush.
Tables guarded by a trigger of ours (the consent ledger refuses DELETE) are
still truncated, with what points at them.
"""

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        guarded = self._tables_with_triggers()
        statements = [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
            if table not in guarded
        ]
        truncated = [table for table in tables if table in guarded]
        if truncated:
            names = ", ".join(style.SQL_FIELD(self.quote_name(table)) for table in truncated)
            statements.append(f"{style.SQL_KEYWORD('TRUNCATE')} {names} CASCADE;")
        return statements

    def _tables_with_triggers(self):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
            )
            return {name for (name,) in cursor.fetchall()}


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
