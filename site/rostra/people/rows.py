"""A person's row looked up and inserted with SQL built once: what every
signup does (the people API's find and find_or_create), without the ORM
compiling the same statements again on each call."""

import functools

from django.db import connections, router

from rostra import inserts
from rostra.people.models import Person, PersonEmail


def find(key):
    """The person whose main address has the canonical ``key``, else the one
    with it among their other addresses (each unique), or None: one round trip."""
    found = list(Person.objects.raw(_find_sql(), [key, key]))
    return found[0] if found else None


def insert(person):
    """Save a new ``person`` as ``person.save()`` does (territory derived,
    pre_save and post_save sent) and return them, or None when their address
    is already taken: one ``INSERT … ON CONFLICT DO NOTHING RETURNING id``,
    where catching the unique constraint's error needed a savepoint around the
    insert (two more round trips per new person)."""
    person.derive_territory()
    inserted = inserts.insert([person], saved=True, skip_conflicts=True)
    return inserted[0] if inserted else None


@functools.cache
def _find_sql():
    quote = connections[router.db_for_read(Person)].ops.quote_name
    person, other = Person._meta, PersonEmail._meta
    table, others = quote(person.db_table), quote(other.db_table)
    columns = ", ".join(f"{table}.{quote(field.column)}" for field in person.concrete_fields)
    canonical = quote(person.get_field("email_canonical").column)
    # Only the models' own table and column names and placeholders are interpolated.
    return (
        f"SELECT * FROM (SELECT {columns}, 0 AS found_by FROM {table} "  # noqa: S608
        f"WHERE {table}.{canonical} = %s "
        f"UNION ALL SELECT {columns}, 1 AS found_by FROM {table} "
        f"INNER JOIN {others} ON {others}.{quote(other.get_field('person').column)} = "
        f"{table}.{quote(person.pk.column)} "
        f"WHERE {others}.{quote(other.get_field('email_canonical').column)} = %s"
        ") AS found ORDER BY found_by LIMIT 1"
    )
