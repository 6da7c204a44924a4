"""New rows written with an INSERT whose text is built once per model and
number of rows: what ``bulk_create`` and ``save`` write, without the ORM
compiling the same statement again on each call (the people API's writes of a
signup: a few milliseconds of CPU each time, more than the round trips).

``insert(rows)`` is ``Model.objects.bulk_create(rows)`` for rows of one model
with a database-made primary key: the fields' ``pre_save`` values (auto_now
dates), the primary keys returned (PostgreSQL, SQLite ≥ 3.35), no signals.
``saved=True`` sends ``pre_save`` and ``post_save`` as ``save()`` does, for
models whose ``save()`` adds nothing. ``skip_conflicts=True`` adds
``ON CONFLICT DO NOTHING``: the rows a unique constraint refused come back
without a primary key."""

import functools

from django.db import connections, router
from django.db.models.signals import post_save, pre_save

#: Rows per statement: a batch's statements are then of a few sizes only (each
#: built once), far below the databases' limits on parameters.
CHUNK = 100


def insert(rows, *, saved=False, skip_conflicts=False):
    """Insert ``rows`` (unsaved instances of one model); returns those
    inserted: all of them, or with ``skip_conflicts`` (one row only) none when
    a unique constraint refused it."""
    rows = list(rows)
    if not rows:
        return rows
    if skip_conflicts and len(rows) != 1:
        raise ValueError("skip_conflicts inserts one row (else which one was refused?)")
    model = type(rows[0])
    using = router.db_for_write(model, instance=rows[0])
    connection = connections[using]
    columns = _columns(model)
    if saved:
        for row in rows:
            pre_save.send(sender=model, instance=row, raw=False, using=using, update_fields=None)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        params = []
        for row in chunk:
            row._prepare_related_fields_for_save(operation_name="insert")
            params += [
                field.get_db_prep_save(field.pre_save(row, True), connection) for field in columns
            ]
        with connection.cursor() as cursor:
            cursor.execute(_sql(model, len(chunk), skip_conflicts), params)
            returned = cursor.fetchall()
        if not returned and skip_conflicts:
            return []
        for row, (pk,) in zip(chunk, returned, strict=True):
            row.pk = pk
            row._state.adding, row._state.db = False, using
    if saved:
        for row in rows:
            post_save.send(
                sender=model, instance=row, created=True, update_fields=None, raw=False, using=using
            )
    return rows


@functools.cache
def _columns(model):
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "generated", False)
    ]


@functools.lru_cache(maxsize=256)
def _sql(model, count, skip_conflicts):
    meta = model._meta
    quote = connections[router.db_for_write(model)].ops.quote_name
    columns = _columns(model)
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # Only the model's own table and column names and placeholders are interpolated.
    return "INSERT INTO {} ({}) VALUES {}{} RETURNING {}".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(quote(field.column) for field in columns),
        ", ".join([row] * count),
        " ON CONFLICT DO NOTHING" if skip_conflicts else "",
        quote(meta.pk.column),
    )
