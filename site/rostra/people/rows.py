"""A new person's rows, written with SQL built once: what every signup does
(the people API's find and find_or_create) without the ORM compiling the same
statements again on each call, in as few round trips as the database allows."""

import functools

from django.db import connections, router
from django.db.models.signals import m2m_changed

from rostra import inserts
from rostra.people.models import Person, PersonEmail, TimelineEntry
from rostra.people.timeline import SIGNED_UP, new_entry


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


def note_new_person(person, tags, site, source):
    """A new person's tags and the signup's timeline entry, in one round trip
    on PostgreSQL (rostra.inserts.insert_together)."""
    tagged, sent = _new_tag_rows(person, tags) if tags else ([], None)
    entry = new_entry(
        person,
        kind=TimelineEntry.Kind.SIGNUP,
        message=SIGNED_UP,
        params={"source": source.detail or source.kind},
        site=site,
        data={"source": source.kind, "detail": source.detail},
    )
    if sent:
        m2m_changed.send(action="pre_add", **sent)
    inserts.insert_together(tagged, [entry], saved=[1])
    if sent:
        m2m_changed.send(action="post_add", **sent)


def _new_tag_rows(person, tags):
    """What ``person.tags.add(*tags)`` writes for a person just created, who
    has no tags yet: the tags looked up (made when new) as taggit does, and
    their rows, unsaved, for one INSERT where taggit's ``add`` reads the
    person's tags and looks each row up before inserting it in a savepoint
    (four round trips a tag); and the ``m2m_changed`` signals' arguments."""
    manager = person.tags
    through = manager.through
    found = manager._to_tag_model_instances(tags, {})
    tag_objects = list({tag.pk: tag for tag in found}.values())
    sent = {
        "sender": through,
        "instance": person,
        "reverse": False,
        "model": through.tag_model(),
        "pk_set": {tag.pk for tag in tag_objects},
        "using": router.db_for_write(through, instance=person),
    }
    return [through(tag=tag, content_object=person) for tag in tag_objects], sent


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
